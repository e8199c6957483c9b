//! Per-stage throughput of the core on files named on the command line (one thread; `segment`,
//! `metrics` and `meta` are the parts of `extract` after normalization):
//! `cargo run --release --no-default-features --example throughput -- seeds/*.txt`.
//! `STAGES=extract` (comma-separated names) times only those stages, e.g. under `perf record`.
use std::time::Instant;

fn main() {
    let docs: Vec<Vec<u8>> = std::env::args()
        .skip(1)
        .map(|p| std::fs::read(&p).expect("readable file"))
        .collect();
    let total: usize = docs.iter().map(Vec::len).sum();
    let rounds = (200_000_000 / total.max(1)).max(1);
    let lex = _core::metrics::Lexicon::shared();
    let only = std::env::var("STAGES").ok();
    let time = |name: &str, f: &dyn Fn(&[u8]) -> usize| {
        if only
            .as_ref()
            .is_some_and(|o| !o.split(',').any(|s| s == name))
        {
            return;
        }
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..rounds {
            for d in &docs {
                n += f(d);
            }
        }
        let s = t.elapsed().as_secs_f64();
        eprintln!(
            "{name:10} {:8.0} MB/s  ({n})",
            (total * rounds) as f64 / s / 1e6
        );
    };
    time("decode", &|d| _core::decode::decode(d).text.len());
    time("normalize", &|d| {
        _core::normalize::normalize(std::str::from_utf8(d).unwrap_or(""))
            .text
            .len()
    });
    time("text", &|d| {
        _core::text::Text::new(String::from_utf8_lossy(d).into_owned()).line_count()
    });
    // The stages of `extract` after normalization, each on text prepared by the earlier ones.
    let text = |d: &[u8]| _core::text::Text::new(String::from_utf8_lossy(d).into_owned());
    let prepared: Vec<_> = docs
        .iter()
        .map(|d| {
            let t = text(d);
            let s = _core::segment::segment(&t);
            (d.as_ptr(), t, s)
        })
        .collect();
    let find = |d: &[u8]| {
        let p = prepared.iter().find(|x| x.0 == d.as_ptr());
        p.expect("a document of the run")
    };
    time("segment", &|d| {
        _core::segment::segment(&find(d).1).headings.len()
    });
    time("metrics", &|d| {
        let (_, t, s) = find(d);
        _core::metrics::extract_metrics(t, &s.headings, &lex).len()
    });
    time("meta", &|d| {
        let (_, t, s) = find(d);
        _core::meta::extract_meta(t, s).issuers.len()
    });
    time("extract", &|d| {
        _core::report::extract(d, None, &lex).metrics.len()
    });
    time("tokens", &|d| {
        _core::tokens::token_string(std::str::from_utf8(d).unwrap_or("")).len()
    });
}
