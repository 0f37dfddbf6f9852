//! Work a person may walk away from: a long import or aggregation checks a token every few
//! thousand rows or files and stops once it is cancelled, so that a request the browser
//! abandoned does not keep a core busy. Cancelling is a flag, nothing more.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Shared between whoever may cancel and the work that checks. Clones share the flag.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Option<Arc<AtomicBool>>);

/// The work stopped because its token was cancelled; nothing was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl CancelToken {
    /// A token that can be cancelled.
    pub fn new() -> CancelToken {
        CancelToken(Some(Arc::new(AtomicBool::new(false))))
    }

    /// A token nobody cancels (command-line tools, which stop with the process).
    pub fn never() -> CancelToken {
        CancelToken(None)
    }

    pub fn cancel(&self) {
        if let Some(flag) = &self.0 {
            flag.store(true, Ordering::Relaxed);
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.as_ref().is_some_and(|flag| flag.load(Ordering::Relaxed))
    }

    /// `Err(Cancelled)` once cancelled, for `?` in the work's loop.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() { Err(Cancelled) } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_sees_the_cancel_and_never_is_never_cancelled() {
        let token = CancelToken::new();
        let seen_by_work = token.clone();
        assert_eq!(seen_by_work.check(), Ok(()));
        token.cancel();
        assert_eq!(seen_by_work.check(), Err(Cancelled));
        let never = CancelToken::never();
        never.cancel();
        assert!(!never.is_cancelled());
    }
}
