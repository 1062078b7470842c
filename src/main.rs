//! The `latchkey` command: serve, migrate, check a config.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use latchkey::App;
use latchkey::clock::{Clock, SystemClock};
use latchkey::config::{self, Config, ConfigError};
use latchkey::store::{Backend, Store};
use tokio::net::TcpListener;

#[derive(Parser)]
#[command(
    name = "latchkey",
    version,
    about = "Passwordless identity server: passkeys first, with a secure fallback"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct ConfigSource {
    /// YAML configuration file (Kratos key names; LATCHKEY_* variables override it)
    #[arg(long, env = "LATCHKEY_CONFIG")]
    config: Option<PathBuf>,
    /// Development mode: embedded SQLite in ./latchkey-data, rp id localhost, origin
    /// http://localhost:4433, loopback only; the effective settings are printed at start
    #[arg(long, env = "LATCHKEY_DEV")]
    dev: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Run the public (4433) and admin (4434) listeners
    Serve(ConfigSource),
    /// Apply pending database migrations and exit
    Migrate(ConfigSource),
    /// Configuration helpers
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Load and validate a configuration file, print the effective settings, exit non-zero on error
    Check { file: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Config {
            command: ConfigCommand::Check { file },
        } => check(&file),
        Command::Serve(source) => load(&source).and_then(|config| run(serve(config))),
        Command::Migrate(source) => load(&source).and_then(|config| run(migrate(config))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Config(e)) => {
            eprintln!("latchkey: invalid configuration: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Runtime(e)) => {
            eprintln!("latchkey: {e:#}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    Config(ConfigError),
    Runtime(anyhow::Error),
}

impl From<latchkey::error::Error> for Failure {
    fn from(e: latchkey::error::Error) -> Self {
        Self::Runtime(anyhow::anyhow!(e.detail()))
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Self::Runtime(e)
    }
}

fn load(source: &ConfigSource) -> Result<Config, Failure> {
    config::load(source.config.as_deref(), std::env::vars(), source.dev).map_err(Failure::Config)
}

fn run(task: impl Future<Output = Result<(), Failure>>) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(task)
}

fn check(file: &Path) -> Result<(), Failure> {
    let config = config::load(Some(file), std::env::vars(), false).map_err(Failure::Config)?;
    println!("{}: configuration is valid", file.display());
    for line in config.summary() {
        println!("  {line}");
    }
    for note in &config.notes {
        println!("note: {note}");
    }
    Ok(())
}

/// Connects to the configured store; an unreachable database is a configuration error naming `dsn`.
async fn open_store(config: &Config) -> Result<Store, Failure> {
    let store = Store::connect(&config.dsn).await.map_err(|e| {
        Failure::Config(ConfigError {
            key: "dsn".into(),
            value: config::redact_dsn(&config.dsn),
            problem: format!("cannot connect: {}", e.detail()),
            fix: "check that the database is running and reachable, and the DSN's host, port, user and database name"
                .into(),
        })
    })?;
    store.migrate().await?;
    Ok(store)
}

async fn migrate(config: Config) -> Result<(), Failure> {
    open_store(&config).await?;
    println!("migrations applied to {}", config::redact_dsn(&config.dsn));
    Ok(())
}

async fn serve(config: Config) -> Result<(), Failure> {
    init_tracing(&config);
    if config.dev {
        println!("latchkey: development mode, effective settings:");
        for line in config.summary() {
            println!("  {line}");
        }
    }
    for note in &config.notes {
        tracing::info!("{note}");
    }
    let store = open_store(&config).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let app = App::new(config.clone(), store.clone(), clock.clone())?;
    let public = bind("serve.public", &config.public.host, config.public.port).await?;
    let admin = bind("serve.admin", &config.admin.host, config.admin.port).await?;
    app.start_background_tasks().await?;
    app.start_courier();
    tokio::spawn(sweep_expired(store.clone(), clock));
    println!(
        "latchkey: public API and hosted UI on {} (open {}ui/login)",
        public.local_addr().context("public address")?,
        config.public.base_url
    );
    println!(
        "latchkey: admin API on {} (database: {:?})",
        admin.local_addr().context("admin address")?,
        match store.backend() {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    );
    // The peer address feeds the per-client send limits (unless a proxy header is configured).
    let public_routes = app
        .public_router()
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    let public_server = axum::serve(public, public_routes).with_graceful_shutdown(shutdown_signal());
    let admin_server = axum::serve(admin, app.admin_router()).with_graceful_shutdown(shutdown_signal());
    let (public_result, admin_result) = tokio::join!(public_server.into_future(), admin_server.into_future());
    public_result.context("public listener failed")?;
    admin_result.context("admin listener failed")?;
    Ok(())
}

async fn bind(key: &str, host: &str, port: u16) -> Result<TcpListener, Failure> {
    TcpListener::bind((host, port)).await.map_err(|e| {
        Failure::Config(ConfigError {
            key: format!("{key}.port"),
            value: format!("{host}:{port}"),
            problem: format!("cannot listen: {e}"),
            fix: format!("stop what uses the port or choose another with {key}.port / {key}.host"),
        })
    })
}

/// Removes expired flows, sessions, code grants, old send counters and old outbox rows every ten
/// minutes.
async fn sweep_expired(store: Store, clock: Arc<dyn Clock>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        match store.delete_expired(clock.now()).await {
            Ok(removed) => tracing::debug!(removed, "expired flows and sessions removed"),
            Err(e) => tracing::warn!(error = %e, "sweeping expired rows failed"),
        }
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}

fn init_tracing(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LATCHKEY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&config.log_level));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if config.log_json {
        builder.json().init();
    } else {
        builder.init();
    }
}
