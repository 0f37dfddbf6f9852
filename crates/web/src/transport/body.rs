//! A request body that may not stall: the longest pause between two pieces and the longest
//! whole read are bounded. The clocks run only while the server is waiting for the client, so
//! a request that first waits for a job slot is not counted against its sender.

use axum::body::Bytes;
use http_body::{Frame, SizeHint};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep, sleep, sleep_until};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub struct TimedBody<B> {
    inner: B,
    idle: Duration,
    total: Duration,
    pause: Option<Pin<Box<Sleep>>>,
    deadline: Option<Pin<Box<Sleep>>>,
}

impl<B> TimedBody<B> {
    pub fn new(inner: B, idle: Duration, total: Duration) -> TimedBody<B> {
        TimedBody { inner, idle, total, pause: None, deadline: None }
    }
}

fn timed_out(what: &str) -> BoxError {
    Box::new(std::io::Error::new(std::io::ErrorKind::TimedOut, format!("request body: {what}")))
}

impl<B> http_body::Body for TimedBody<B>
where
    B: http_body::Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        let total = this.total;
        let deadline = this.deadline.get_or_insert_with(|| Box::pin(sleep(total)));
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            this.pause = None;
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        if deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(timed_out("the whole body took too long"))));
        }
        let idle = this.idle;
        let pause = this.pause.get_or_insert_with(|| Box::pin(sleep_until(Instant::now() + idle)));
        if pause.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(timed_out("the client paused too long"))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    /// Sends one piece, then nothing ever again.
    struct Stalls(bool);

    impl http_body::Body for Stalls {
        type Data = Bytes;
        type Error = std::io::Error;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
            if self.0 {
                return Poll::Pending;
            }
            self.0 = true;
            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"first")))))
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_stops_sending_ends_in_an_error_after_the_pause() {
        let mut body = TimedBody::new(Stalls(false), Duration::from_secs(30), Duration::from_secs(600));
        let first = body.frame().await.unwrap().unwrap();
        assert_eq!(first.into_data().unwrap(), Bytes::from_static(b"first"));
        let started = Instant::now();
        let stalled = body.frame().await.unwrap();
        assert!(stalled.unwrap_err().to_string().contains("paused too long"));
        assert_eq!(started.elapsed(), Duration::from_secs(30));
    }
}
