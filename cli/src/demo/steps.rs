//! The numbered steps of the demo: each prints its name and details (or,
//! with `--json`, is collected for one final report); the first failure
//! becomes [`CliError::DemoStep`].

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::STEPS;
use crate::error::CliError;
use crate::output::Output;

/// Runs and reports numbered steps.
pub(super) struct Steps {
    out: Output,
    done: usize,
    report: Vec<Value>,
}

impl Steps {
    pub(super) fn new(out: Output) -> Self {
        Self {
            out,
            done: 0,
            report: Vec::new(),
        }
    }

    pub(super) fn intro(&self) -> Result<(), CliError> {
        if !self.out.is_json() {
            self.out.line(
                "inai demo: the InAI Auth SDK against a local emulator (no network, no account)\n",
            )?;
        }
        Ok(())
    }

    /// Runs step `name`; `work` adds lines of detail. A failure becomes
    /// [`CliError::DemoStep`].
    pub(super) fn run<T>(
        &mut self,
        name: &'static str,
        work: impl FnOnce(&mut Vec<String>) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        let number = self.done + 1;
        if !self.out.is_json() {
            self.out.line(format_args!("[{number}/{STEPS}] {name}"))?;
        }
        let started = Instant::now();
        let mut lines = Vec::new();
        let outcome = work(&mut lines);
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        if !self.out.is_json() {
            for line in &lines {
                self.out.line(format_args!("      {line}"))?;
            }
        }
        match outcome {
            Ok(value) => {
                self.done = number;
                self.report.push(json!({
                    "step": number,
                    "name": name,
                    "ok": true,
                    "ms": elapsed_ms,
                    "details": lines,
                }));
                Ok(value)
            }
            Err(source) => {
                if !self.out.is_json() {
                    self.out.line("      FAILED")?;
                }
                Err(CliError::DemoStep {
                    number,
                    name,
                    source: Box::new(source),
                })
            }
        }
    }

    pub(super) fn finish(self, elapsed: Duration) -> Result<(), CliError> {
        if self.done != STEPS {
            return Err(CliError::Check(format!(
                "the demo ran {} steps, not {STEPS}",
                self.done
            )));
        }
        if self.out.is_json() {
            self.out.json(&json!({
                "ok": true,
                "steps": self.report,
                "ms": u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            }))?;
        } else {
            self.out.line(format_args!(
                "\ndemo complete: all {STEPS} steps passed in {:.1} s",
                elapsed.as_secs_f64()
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;

    #[test]
    fn a_failing_step_names_itself_and_stops_counting() {
        let mut steps = Steps::new(Output::new(true));
        steps.run("first", |_| Ok(())).unwrap();
        let error = steps
            .run("second", |lines| -> Result<(), CliError> {
                lines.push("partial".to_owned());
                Err(CliError::Check("it broke".to_owned()))
            })
            .unwrap_err();
        match &error {
            CliError::DemoStep { number, name, .. } => assert_eq!((*number, *name), (2, "second")),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            error.to_string(),
            "demo failed at step 2 (second): it broke"
        );
        assert_eq!(steps.done, 1);
        assert!(steps.finish(Duration::ZERO).is_err());
    }
}
