//! How long each stage of a run took, for `--timings` and the preview
//! server's log.

use std::time::Duration;

/// How long each stage of a run took, in order, for `--timings`.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Each stage, in the order it ran.
    pub stages: Vec<StageTime>,
}

/// How long one stage took.
#[derive(Debug, Clone)]
pub struct StageTime {
    /// The stage's name.
    pub name: &'static str,
    /// Wall-clock time.
    pub wall: Duration,
    /// Processor time over all threads, where the system tells it: more
    /// than the wall time when the stage ran in parallel, equal to it when
    /// the stage ran on one core.
    pub cpu: Option<Duration>,
    /// The most memory the process had held so far when the stage ended
    /// (its peak resident size, in KiB), where the system tells it.
    pub peak_kib: Option<u64>,
}

/// A moment of a run, by the wall clock and by the processor time used.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    wall: std::time::Instant,
    cpu: Option<Duration>,
}

impl Mark {
    /// Now.
    pub fn now() -> Mark {
        Mark {
            wall: std::time::Instant::now(),
            cpu: process_cpu_time(),
        }
    }
}

impl Timings {
    /// Runs a stage and records how long it took.
    pub fn time<T>(&mut self, stage: &'static str, run: impl FnOnce() -> T) -> T {
        let started = Mark::now();
        let value = run();
        self.record(stage, started);
        value
    }

    /// Records a stage that started at `started` and has just finished.
    pub fn record(&mut self, stage: &'static str, started: Mark) {
        let cpu = process_cpu_time()
            .zip(started.cpu)
            .map(|(now, then)| now.saturating_sub(then));
        self.stages.push(StageTime {
            name: stage,
            wall: started.wall.elapsed(),
            cpu,
            peak_kib: peak_resident_kib(),
        });
    }

    /// One line per stage, for the terminal.
    pub fn report(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        self.stages
            .iter()
            .map(|stage| {
                let cpu = stage
                    .cpu
                    .map(|cpu| format!("  (CPU {:>7.1} ms)", ms(cpu)))
                    .unwrap_or_default();
                let peak = stage
                    .peak_kib
                    .map(|kib| format!("  peak {:>5} MiB", kib / 1024))
                    .unwrap_or_default();
                format!(
                    "{:>10}: {:>8.1} ms{cpu}{peak}\n",
                    stage.name,
                    ms(stage.wall)
                )
            })
            .collect()
    }
}

/// The processor time this process has used, over all its threads.
#[cfg(target_os = "linux")]
fn process_cpu_time() -> Option<Duration> {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    let seconds = u64::try_from(now.tv_sec).ok()?;
    let nanos = u32::try_from(now.tv_nsec).ok()?;
    Some(Duration::new(seconds, nanos))
}

/// The processor time this process has used: not asked for elsewhere.
#[cfg(not(target_os = "linux"))]
fn process_cpu_time() -> Option<Duration> {
    None
}

/// The most memory this process has held so far, in KiB (`VmHWM`).
fn peak_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
