//! Chinese word boundaries and word classes, for the few places that need a word rather than a
//! character: where a metric's name starts, where a glued heading's body starts. Uses `jieba-rs`
//! and its default dictionary, built once, when first needed (~0.1 s).

use std::sync::LazyLock;

/// The segmenter, shared by all threads.
pub(crate) static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);
