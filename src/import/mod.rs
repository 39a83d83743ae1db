//! Bringing national statistics into a site as datasets, instead of retyping numbers.

pub mod dfe;
