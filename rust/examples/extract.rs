//! Print the JSON form of each file named on the command line, one per line (no Python needed).
use std::io::Write;

fn main() {
    let lex = _core::metrics::Lexicon::shared();
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let mut out = std::io::stdout().lock();
    for r in _core::batch::extract_paths(&paths, 0, &lex) {
        match r {
            Ok(rep) => writeln!(out, "{}", rep.to_json()).expect("stdout is writable"),
            Err(e) => eprintln!("error: {e}"),
        }
    }
}
