//! Why an emulator could not start or keep running.

/// An emulator failed to start or to run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// The listening socket could not be bound.
    #[error("could not listen on 127.0.0.1:{port}")]
    Bind {
        /// The port asked for (0: any).
        port: u16,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// The async runtime or the server thread could not be started.
    #[error("could not start the emulator runtime")]
    Runtime(#[source] std::io::Error),
    /// The random source (the operating system's generator) failed, so the emulator
    /// could not seed its own generator. It never falls back to predictable values.
    #[error("the operating system's random generator failed")]
    Random(#[source] std::io::Error),
    /// Waiting for Ctrl-C failed.
    #[error("could not listen for ctrl-c")]
    Signal(#[source] std::io::Error),
}
