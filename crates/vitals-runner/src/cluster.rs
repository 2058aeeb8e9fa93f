//! `vitals cluster scheduler` and `vitals cluster executor`: Apache DataFusion Ballista's own
//! scheduler and executor, started from this binary so that their versions always match the
//! client's.

use anyhow::{Context, Result, anyhow};
use ballista_core::config::TaskSchedulingPolicy;
use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

/// A runtime for a server: every core, with IO and timers.
fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("vitals-cluster")
        .thread_stack_size(32 * 1024 * 1024)
        .build()
        .context("cannot start the cluster runtime")
}

/// The scheduler's config for `bind`; executors are declared dead after `executor_timeout`
/// seconds without a heartbeat.
fn scheduler_config(bind: SocketAddr, executor_timeout: u64) -> SchedulerConfig {
    SchedulerConfig {
        bind_host: bind.ip().to_string(),
        bind_port: bind.port(),
        external_host: bind.ip().to_string(),
        executor_timeout_seconds: executor_timeout,
        no_executors_grace_period_seconds: executor_timeout,
        expire_dead_executor_interval_seconds: executor_timeout.clamp(1, 15),
        ..SchedulerConfig::default()
    }
}

/// Serves a scheduler on `bind` until the process ends.
pub(crate) fn scheduler(bind: SocketAddr, executor_timeout: u64) -> Result<()> {
    runtime()?.block_on(async move {
        let config = scheduler_config(bind, executor_timeout);
        let cluster = BallistaCluster::new_from_config(&config)
            .await
            .map_err(|e| anyhow!("cannot start the scheduler: {e}"))?;
        start_server(cluster, bind, Arc::new(config))
            .await
            .map_err(|e| anyhow!("the scheduler on {bind} stopped: {e}"))
    })
}

/// The executor's config: Arrow Flight on `bind`, the scheduler's pushes on `grpc_port` of
/// the same host, shuffle files in `work_dir`.
fn executor_config(
    scheduler: SocketAddr,
    bind: SocketAddr,
    grpc_port: u16,
    work_dir: &Path,
    cores: Option<usize>,
) -> ExecutorProcessConfig {
    let mut config = ExecutorProcessConfig {
        bind_host: bind.ip().to_string(),
        external_host: Some(bind.ip().to_string()),
        port: bind.port(),
        grpc_port,
        scheduler_host: scheduler.ip().to_string(),
        scheduler_port: scheduler.port(),
        scheduler_connect_timeout_seconds: 10,
        work_dir: Some(work_dir.display().to_string()),
        task_scheduling_policy: TaskSchedulingPolicy::PushStaged,
        executor_heartbeat_interval_seconds: 5,
        print_thread_info: false,
        ..ExecutorProcessConfig::default()
    };
    if let Some(cores) = cores {
        config.vcores = cores.max(1);
    }
    config
}

/// Serves an executor until the process ends.
pub(crate) fn executor(
    scheduler: SocketAddr,
    bind: SocketAddr,
    grpc_port: u16,
    work_dir: &Path,
    cores: Option<usize>,
) -> Result<()> {
    std::fs::create_dir_all(work_dir)
        .with_context(|| format!("cannot create {}", work_dir.display()))?;
    let config = executor_config(scheduler, bind, grpc_port, work_dir, cores);
    runtime()?.block_on(async move {
        start_executor_process(Arc::new(config))
            .await
            .map_err(|e| anyhow!("the executor on {bind} stopped: {e}"))
    })
}

/// A scheduler or an executor running on its own runtime in this process, for tests: stopped
/// (its runtime shut down, its ports closed) when dropped or by [`Server::stop`].
#[doc(hidden)]
pub struct Server {
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    /// A scheduler on `bind` (executors declared dead after `executor_timeout` s).
    pub fn scheduler(bind: SocketAddr, executor_timeout: u64) -> Result<Server> {
        let runtime = runtime()?;
        runtime.spawn(async move {
            let config = scheduler_config(bind, executor_timeout);
            if let Ok(cluster) = BallistaCluster::new_from_config(&config).await {
                let _ = start_server(cluster, bind, Arc::new(config)).await;
            }
        });
        Ok(Server {
            runtime: Some(runtime),
        })
    }

    /// An executor of the scheduler at `scheduler`, on `bind` and `grpc_port`.
    pub fn executor(
        scheduler: SocketAddr,
        bind: SocketAddr,
        grpc_port: u16,
        work_dir: &Path,
        cores: usize,
    ) -> Result<Server> {
        std::fs::create_dir_all(work_dir)?;
        let config = executor_config(scheduler, bind, grpc_port, work_dir, Some(cores));
        let runtime = runtime()?;
        runtime.spawn(async move {
            let _ = start_executor_process(Arc::new(config)).await;
        });
        Ok(Server {
            runtime: Some(runtime),
        })
    }

    /// Stops it at once, as a crash would: running tasks are lost.
    pub fn stop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
