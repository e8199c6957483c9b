//! Fingerprint of the extraction sources, so an index knows which build extracted its files and
//! re-extracts them after an upgrade instead of keeping stale records (see `Lexicon::tag`).

use std::fs;
use std::path::Path;

/// FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
fn fnv(h: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *h = (*h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
}

fn walk(dir: &Path, h: &mut u64) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("the crate's sources are readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, h);
        } else if p.extension().is_some_and(|x| x == "rs") {
            fnv(
                h,
                p.strip_prefix(dir)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .as_bytes(),
            );
            fnv(h, &fs::read(&p).expect("a source file is readable"));
        }
    }
}

fn main() {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    walk(Path::new("src"), &mut h);
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rustc-env=LAWGOV_SOURCE_HASH={h:016x}");
}
