//! Parallel batches: read and extract many files on a rayon pool, results in input order.
//! The caller bounds memory by the batch size; nothing here holds more than one batch.

use crate::error::Error;
use crate::metrics::Lexicon;
use crate::report::{extract, Report};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex};

static POOLS: LazyLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// A pool of `threads` workers (0 = all cores), built once per size and reused.
pub fn pool(threads: usize) -> Arc<rayon::ThreadPool> {
    let n = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    pools
        .entry(n)
        .or_insert_with(|| {
            Arc::new(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .thread_name(|i| format!("lawgov-{i}"))
                    .build()
                    .expect("a thread pool can be built"),
            )
        })
        .clone()
}

/// Read and extract `paths` on `threads` workers. A file that cannot be read gives `Err`
/// naming it; a panic inside extraction is caught and reported the same way. A name that is
/// not UTF-8 (a GBK name from a Windows archive) is read all the same and reported with its
/// undecodable bytes as U+FFFD.
pub fn extract_paths<P: AsRef<Path> + Sync>(
    paths: &[P],
    threads: usize,
    lex: &Lexicon,
) -> Vec<Result<Report, Error>> {
    pool(threads).install(|| {
        paths
            .par_iter()
            .map(|p| {
                let name = p.as_ref().to_string_lossy();
                let bytes = read_file(p.as_ref()).map_err(|source| Error::Io {
                    path: name.to_string(),
                    source,
                })?;
                guarded(&name, || extract(&bytes, Some(&name), lex))
            })
            .collect()
    })
}

/// The bytes of a regular file. A pipe, a device or a socket is refused rather than read: it
/// may never end (`/dev/zero`) or block forever (a FIFO nobody writes to).
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    std::fs::read(path)
}

/// Whether the file at `path` starts like a zip archive (a Word document).
pub fn starts_like_zip(path: &Path) -> bool {
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| crate::docx::is_zip(&head))
}

/// Extract in-memory documents on `threads` workers.
pub fn extract_bytes(
    docs: &[(&[u8], Option<&str>)],
    threads: usize,
    lex: &Lexicon,
) -> Vec<Result<Report, Error>> {
    pool(threads).install(|| {
        docs.par_iter()
            .map(|(b, f)| guarded(f.unwrap_or("<bytes>"), || extract(b, *f, lex)))
            .collect()
    })
}

/// Run `f`, turning a panic into an error that names the file.
pub fn guarded(file: &str, f: impl FnOnce() -> Report) -> Result<Report, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|e| {
        let msg = e
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Error::Internal {
            path: file.to_string(),
            message: msg,
        }
    })
}
