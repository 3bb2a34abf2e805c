//! A spinner on stderr while a request takes long (a slow server, or the
//! client's automatic retries).
//!
//! Drawn only when [`Output::shows_progress`] says so: human output with
//! both stdout and stderr on a terminal; never with `--json`, never into a
//! pipe or a file. Nothing is drawn for waits under [`DELAY`].

use std::io::{self, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use std::sync::{Mutex, PoisonError};

use crate::output::Output;

/// A retry the client announced (through the `logging` layer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Retry {
    /// The attempt that failed, from 1.
    pub(crate) attempt: u64,
    /// Why: a status code or a transport failure.
    pub(crate) reason: String,
}

/// The last retry announced and not yet shown.
static LAST_RETRY: Mutex<Option<Retry>> = Mutex::new(None);

/// Records a retry for the spinner to show.
pub(crate) fn retried(retry: Retry) {
    *LAST_RETRY.lock().unwrap_or_else(PoisonError::into_inner) = Some(retry);
}

/// Takes the last retry recorded since the previous call.
pub(crate) fn take_retry() -> Option<Retry> {
    LAST_RETRY
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
}

/// How long a wait lasts before the spinner appears.
pub(crate) const DELAY: Duration = Duration::from_millis(300);

/// How often the spinner is redrawn.
const TICK: Duration = Duration::from_millis(100);

const FRAMES: [&str; 4] = ["|", "/", "-", "\\"];

/// Runs `work`, showing a spinner labelled `label` while it lasts longer
/// than [`DELAY`] (when `output` allows progress).
pub(crate) fn wait<T>(output: &Output, label: &str, work: impl FnOnce() -> T) -> T {
    let spinner = output
        .shows_progress()
        .then(|| Spinner::start(label.to_owned()));
    let result = work();
    drop(spinner);
    result
}

/// A running spinner; dropping it stops and erases it.
struct Spinner {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Spinner {
    fn start(label: String) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("inai-progress".to_owned())
            .spawn(move || spin(&label, &stopped))
            .ok();
        Self {
            stop: Some(stop),
            thread,
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn spin(label: &str, stopped: &mpsc::Receiver<()>) {
    let started = Instant::now();
    let _ = take_retry();
    if !matches!(stopped.recv_timeout(DELAY), Err(RecvTimeoutError::Timeout)) {
        return;
    }
    let mut frame = 0usize;
    let mut retry = None;
    loop {
        let elapsed = started.elapsed().as_secs_f64();
        retry = take_retry().or(retry);
        let hint = match &retry {
            Some(r) => format!(" (attempt {} got {}; retrying)", r.attempt, r.reason),
            None if elapsed >= 2.0 => " (slow server)".to_owned(),
            None => String::new(),
        };
        let symbol = FRAMES.get(frame % FRAMES.len()).copied().unwrap_or("-");
        let _ = write!(
            io::stderr().lock(),
            "\r\x1b[2K{symbol} {label}: waiting {elapsed:.1} s{hint}"
        );
        frame = frame.wrapping_add(1);
        if !matches!(stopped.recv_timeout(TICK), Err(RecvTimeoutError::Timeout)) {
            break;
        }
    }
    let _ = write!(io::stderr().lock(), "\r\x1b[2K");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_output_never_spins_and_work_runs_once() {
        let output = Output::new(true);
        assert!(!output.shows_progress());
        let mut runs = 0;
        let value = wait(&output, "login", || {
            runs += 1;
            7
        });
        assert_eq!((value, runs), (7, 1));
    }

    #[test]
    fn a_spinner_stops_when_dropped() {
        let started = Instant::now();
        let spinner = Spinner::start("test".to_owned());
        drop(spinner);
        assert!(started.elapsed() < DELAY, "stopping waited for the delay");
    }
}
