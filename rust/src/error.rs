//! The one error type of the core. Bad *documents* are never errors: decoding, segmentation and
//! metric extraction return results with warnings. `Error` is kept for bad configuration (a
//! malformed lexicon) and for I/O when the core reads files itself.

use std::fmt;

/// Errors from configuration and file access.
#[derive(Debug)]
pub enum Error {
    /// A lexicon file or string could not be parsed; the message names the line.
    Lexicon(String),
    /// A file could not be read.
    Io {
        path: String,
        source: std::io::Error,
    },
    /// A bug: extraction panicked on this file. The message names it.
    Internal { path: String, message: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Lexicon(msg) => write!(f, "bad lexicon: {msg}"),
            Error::Io { path, source } => write!(f, "{path}: {source}"),
            Error::Internal { path, message } => {
                write!(f, "{path}: internal error in extraction: {message}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Lexicon(_) | Error::Internal { .. } => None,
        }
    }
}
