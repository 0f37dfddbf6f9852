//! Reading a large nmap XML file in blocks of whole hosts: one thread reads the file and cuts it
//! after a `</host>`, and two threads parse the blocks in turn, so a /16 scan of hundreds of
//! megabytes is read at about the speed of the XML tokenizer, in the memory of a few blocks
//! (and of the devices found).

use super::nmap::{Parsed, parse_block};
use crate::discovery::FileError;
use iryosec_core::Message;
use iryosec_core::discovery::SeenDevice;
use std::io::{BufRead, Read};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// How many threads parse blocks, how many blocks each may have waiting, and a block's size.
const PARSERS: usize = 2;
const WAITING: usize = 2;
const BLOCK_BYTES: usize = 1 << 20;

/// Whole hosts of the file (the last block: whatever remains), where it stands in the file.
pub struct Block {
    pub bytes: Vec<u8>,
    pub first_line: u64,
    pub first: bool,
}

/// Calls `found` with every host that was up, in file order; the first problem in file order
/// is the one reported.
pub fn read(
    file: &str,
    input: impl BufRead + Send,
    found: &mut dyn FnMut(SeenDevice),
) -> Result<(), FileError> {
    std::thread::scope(|scope| {
        let mut to_parsers = Vec::with_capacity(PARSERS);
        let mut from_parsers: Vec<Receiver<Parsed>> = Vec::with_capacity(PARSERS);
        for _ in 0..PARSERS {
            let (blocks, received) = sync_channel::<std::io::Result<Block>>(WAITING);
            let (parsed, results) = sync_channel::<Parsed>(WAITING);
            scope.spawn(move || {
                for block in received {
                    // The reader is gone once its results are no longer wanted.
                    if parsed.send(parse_block(file, block)).is_err() {
                        return;
                    }
                }
            });
            to_parsers.push(blocks);
            from_parsers.push(results);
        }
        scope.spawn(move || split_into_blocks(input, &to_parsers));
        let (mut started, mut finished, mut scan_day, mut line) = (false, false, None, 1);
        // Blocks went to the parsers in turn; their results are taken in the same turn.
        for turn in 0.. {
            let Ok(p) = from_parsers[turn % PARSERS].recv() else { break };
            line = p.last_line;
            if turn == 0 {
                started = p.started;
                scan_day = p.scan_day;
            }
            finished |= p.finished;
            for mut d in p.devices {
                d.seen_on = d.seen_on.or(scan_day);
                found(d);
            }
            if let Some(e) = p.error {
                return Err(e);
            }
        }
        if finished {
            Ok(())
        } else {
            let key = if started { "discovery.error.truncated" } else { "discovery.error.not_nmap" };
            Err(FileError::at(file, line, Message::new(key)))
        }
    })
}

/// Reads blocks of about [`BLOCK_BYTES`] ending just after a `</host>`, so no host is cut, and
/// hands them to the parsers in turn.
fn split_into_blocks(mut input: impl BufRead, parsers: &[SyncSender<std::io::Result<Block>>]) {
    let mut pending: Vec<u8> = Vec::with_capacity(BLOCK_BYTES * 2);
    let (mut line, mut turn) = (1, 0);
    loop {
        let n = match (&mut input).take(BLOCK_BYTES as u64).read_to_end(&mut pending) {
            Ok(n) => n,
            Err(e) => {
                let _ = parsers[turn % PARSERS].send(Err(e));
                return;
            }
        };
        let cut = if n == 0 {
            Some(pending.len())
        } else {
            memchr::memmem::rfind(&pending, b"</host>").map(|i| i + "</host>".len())
        };
        let Some(cut) = cut else { continue };
        let rest = pending.split_off(cut);
        let first_line = line;
        line += memchr::memchr_iter(b'\n', &pending).count() as u64;
        let block = Block { bytes: std::mem::replace(&mut pending, rest), first_line, first: turn == 0 };
        if parsers[turn % PARSERS].send(Ok(block)).is_err() || n == 0 {
            return;
        }
        turn += 1;
    }
}
