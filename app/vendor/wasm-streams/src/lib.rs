//! fwpolicy's stand-in for the `wasm-streams` crate, patched in by the workspace
//! (`[patch.crates-io]` in the root `Cargo.toml`).
//!
//! Why: Leptos always compiles `server_fn` with its browser client, which uses
//! `wasm-streams` for streamed server-function bodies. The real crate exports three
//! `#[wasm_bindgen]` classes (`IntoUnderlyingSource`, `IntoUnderlyingByteSource`,
//! `IntoUnderlyingSink`); exports are always kept, so their code and JavaScript glue stayed
//! in the bundle although fwpolicy is a static page with no server: about 7 kB gzip.
//!
//! This stand-in offers only what `server_fn` 0.8 calls, with no exports. It is never
//! called at run time (fwpolicy defines no server function); if it were, a streamed body
//! would read as empty.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use wasm_bindgen::{JsCast, JsValue};

/// A JavaScript `ReadableStream`, passed through unchanged.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a JavaScript stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// A stream built from Rust: not supported here (fwpolicy never sends one); the result
    /// is `undefined` on the JavaScript side.
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        Self {
            raw: JsValue::UNDEFINED.unchecked_into(),
        }
    }

    /// The JavaScript stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// The stream's chunks: always none here (fwpolicy never reads a streamed response).
    pub fn into_stream(self) -> IntoStream {
        IntoStream
    }
}

/// A stream that has ended.
pub struct IntoStream;

impl Stream for IntoStream {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(None)
    }
}
