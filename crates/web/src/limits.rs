//! What one server lets its clients take: connections, upload bytes in flight, heavy jobs
//! (imports, exports, aggregation) running at once, and how long a slow client may take. The
//! numbers come from the configuration; the gates here hand out their share and refuse with
//! 503 (a Japanese page) when a request has waited [`Limits::queue_wait`] without getting it.

use crate::error::WebError;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The limits of a server (see the README's table of settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Open connections at once; one more is answered 503 and closed at once.
    pub max_connections: usize,
    /// Bytes of uploads being received or worked on at once, over all requests.
    pub upload_bytes_in_flight: usize,
    /// Imports, exports and aggregations running at once (each may hold a file's parse in memory).
    pub heavy_jobs: usize,
    /// A request's head must arrive within this; an idle keep-alive connection is closed after it.
    pub header_timeout: Duration,
    /// The longest pause between two pieces of a request body.
    pub body_idle_timeout: Duration,
    /// The longest a whole request body may take.
    pub body_total_timeout: Duration,
    /// How long a request waits for upload room or a job slot before it is refused.
    pub queue_wait: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 256,
            upload_bytes_in_flight: 512 * MIB,
            heavy_jobs: 2,
            header_timeout: Duration::from_secs(10),
            body_idle_timeout: Duration::from_secs(30),
            body_total_timeout: Duration::from_secs(600),
            queue_wait: Duration::from_secs(10),
        }
    }
}

pub const MIB: usize = 1024 * 1024;

/// Upload room is counted in KiB so that any configured total fits a semaphore.
const ROOM_UNIT: usize = 1024;

/// The shared gates of a running server.
#[derive(Debug)]
pub struct Gates {
    upload_room: Arc<Semaphore>,
    jobs: Arc<Semaphore>,
    room_units: usize,
    wait: Duration,
}

/// Held while a request uses its share; dropping it gives the share back.
#[derive(Debug)]
pub struct Share(#[allow(dead_code)] OwnedSemaphorePermit);

impl Gates {
    pub fn new(limits: &Limits) -> Gates {
        let room_units = limits.upload_bytes_in_flight.div_ceil(ROOM_UNIT).clamp(1, Semaphore::MAX_PERMITS);
        Gates {
            upload_room: Arc::new(Semaphore::new(room_units)),
            jobs: Arc::new(Semaphore::new(limits.heavy_jobs.clamp(1, Semaphore::MAX_PERMITS))),
            room_units,
            wait: limits.queue_wait,
        }
    }

    /// Room for an upload of `bytes` (its declared length, or the route's limit).
    pub async fn upload_room(&self, bytes: usize) -> Result<Share, WebError> {
        let units = bytes.div_ceil(ROOM_UNIT).clamp(1, self.room_units);
        let units = u32::try_from(units).unwrap_or(u32::MAX);
        take(self.upload_room.clone().acquire_many_owned(units), self.wait).await
    }

    /// A slot for an import, export or aggregation.
    pub async fn job(&self) -> Result<Share, WebError> {
        take(self.jobs.clone().acquire_owned(), self.wait).await
    }
}

async fn take(
    acquire: impl Future<Output = Result<OwnedSemaphorePermit, tokio::sync::AcquireError>>,
    wait: Duration,
) -> Result<Share, WebError> {
    match tokio::time::timeout(wait, acquire).await {
        Ok(Ok(permit)) => Ok(Share(permit)),
        Ok(Err(_)) | Err(_) => Err(WebError::Busy),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_gate_refuses_after_the_wait_and_opens_when_a_share_returns() {
        let limits = Limits {
            upload_bytes_in_flight: 10 * MIB,
            heavy_jobs: 1,
            queue_wait: Duration::from_millis(20),
            ..Limits::default()
        };
        let gates = Gates::new(&limits);
        let first = gates.upload_room(8 * MIB).await.unwrap();
        assert!(matches!(gates.upload_room(4 * MIB).await, Err(WebError::Busy)));
        drop(first);
        assert!(gates.upload_room(4 * MIB).await.is_ok());
        let job = gates.job().await.unwrap();
        assert!(matches!(gates.job().await, Err(WebError::Busy)));
        drop(job);
        assert!(gates.job().await.is_ok());
    }
}
