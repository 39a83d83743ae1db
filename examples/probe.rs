#[global_allocator]
static A: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let root = root.canonicalize().unwrap();
    let audience = scrutiny::render::Audience {
        drafts: true,
        exempt: false,
    };
    let mut preview = scrutiny::serve::preview::Preview::new(&root, audience);
    let t = Instant::now();
    preview.rebuild().ok().unwrap();
    eprintln!("first {:?}", t.elapsed());
    let report = {
        let mut r: Vec<_> = std::fs::read_dir(root.join("content/authority-000/reports"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        r.sort();
        r[0].clone()
    };
    let orig = std::fs::read_to_string(&report).unwrap();
    let mut times = Vec::new();
    for i in 0..25 {
        std::fs::write(&report, format!("{orig}\n\nEdit {i}.\n")).unwrap();
        let t = Instant::now();
        preview.note(&report);
        preview.rebuild().ok().unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    std::fs::write(&report, orig).unwrap();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    eprintln!(
        "rebuild ms: min {:.1} median {:.1} max {:.1}",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
