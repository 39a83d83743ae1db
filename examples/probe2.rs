#[global_allocator]
static A: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let site = scrutiny::content::load(&root).site.unwrap();
    let audience = scrutiny::render::Audience {
        drafts: true,
        exempt: false,
    };
    let mut best = f64::MAX;
    for _ in 0..1500 {
        let t = Instant::now();
        let plan = scrutiny::render::plan(&site, audience);
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        drop(plan);
    }
    eprintln!("plan best {best:.2} ms");
}
