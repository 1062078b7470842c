//! The `latchkey` command: serve, migrate, check a config, manage admin keys, verify the audit
//! trail.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use latchkey::App;
use latchkey::admin::import::{Imported, Importer, OnConflict, RecordRefused};
use latchkey::admin::keys::{AdminKeys, Role};
use latchkey::audit::{Action, Actor, Audit, Checkpoint, Event, Origin, Verification};
use latchkey::clock::{Clock, SystemClock};
use latchkey::config::{self, Config, ConfigError};
use latchkey::http::listen;
use latchkey::keys::{AuditKeys, Keys};
use latchkey::slow_hash::SlowHasher;
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
    /// Check what makes passkeys fail in production (rp.id against the origins, https, cookies,
    /// proxy headers, SMTP, database, clock); exit 0 when all is well, 1 on warnings, 2 on failures
    Doctor(ConfigSource),
    /// Configuration helpers
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Administration: API keys for the admin API
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Identities: importing them from another system
    Identities {
        #[command(subcommand)]
        command: IdentitiesCommand,
    },
    /// The audit trail
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The keys that sign tokens (published at /.well-known/jwks.json)
    Keys {
        #[command(subcommand)]
        command: SigningKeysCommand,
    },
}

#[derive(Subcommand)]
enum SigningKeysCommand {
    /// Rotate: the next key (published since the last rotation) signs from now on, the current
    /// one stays published until its tokens have expired, and a new next key is published
    Rotate(ConfigSource),
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Admin API keys (Authorization: Bearer <key> on the admin listener)
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Create a key; prints it once, alone on standard output
    Create {
        /// Who or what holds the key, e.g. "Help desk, Ana"
        #[arg(long)]
        name: String,
        /// The person the key belongs to, e.g. "Ana Lima": approving a recovery needs a key of
        /// another person (two-person rule)
        #[arg(long)]
        owner: String,
        /// support: identities and recovery of standard accounts; admin: everything
        #[arg(long, value_parser = ["support", "admin"])]
        role: String,
        #[command(flatten)]
        source: ConfigSource,
    },
    /// List keys (never the keys themselves)
    List(ConfigSource),
    /// Revoke a key by id; it stops working at once
    Revoke {
        id: uuid::Uuid,
        #[command(flatten)]
        source: ConfigSource,
    },
}

#[derive(Subcommand)]
enum IdentitiesCommand {
    /// Import identities in Kratos's import shape (a JSON array or JSON Lines), passwords
    /// included; prints a line per refused record and a summary, exits 1 when any was refused
    Import {
        /// The file of records
        file: PathBuf,
        /// What to do with a record whose address an identity already has
        #[arg(long, value_parser = ["skip", "update"], default_value = "skip")]
        on_conflict: String,
        #[command(flatten)]
        source: ConfigSource,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the chain and check every hash, link and signature; exit 1 naming the first entry that
    /// does not hold
    Verify {
        /// A file of checkpoints (one JSON object per line, as `audit checkpoint` prints them):
        /// the trail must still extend each of them
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        #[command(flatten)]
        source: ConfigSource,
    },
    /// Verify the trail, then print its head signed, one JSON line to keep outside the database
    /// (a log shipper, a ticket); append it to the file `verify --checkpoint` reads
    Checkpoint(ConfigSource),
    /// Sign the entries written before the trail was keyed (once, after upgrading; it refuses a
    /// chain that does not verify)
    Adopt(ConfigSource),
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Load and validate a configuration file, print the effective settings, exit non-zero on error
    Check { file: PathBuf },
}

/// Blocks of 1 MiB and more (each Argon2 hash's 19 MiB) always come from `mmap`, so what a burst
/// of code requests used goes back to the system once the hasher releases it. Left to itself,
/// glibc raises its mmap threshold at the first such free and serves later blocks from per-thread
/// heaps it never trims: a server grew to 109 MiB after the benchmark and stayed there.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_blocks_to_the_system() {
    // SAFETY: mallopt only tunes the allocator; it runs first in main, before any other thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_blocks_to_the_system() {}

fn main() -> ExitCode {
    return_large_blocks_to_the_system();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Doctor(source) => return doctor(&source),
        Command::Config {
            command: ConfigCommand::Check { file },
        } => check(&file),
        Command::Serve(source) => load(&source).and_then(|config| {
            let exporter = init_tracing(&config)?;
            let served = run(serve(config));
            if let Some(provider) = exporter {
                // Sends the spans still batched before the process ends.
                let _ = provider.shutdown();
            }
            served
        }),
        Command::Migrate(source) => load(&source).and_then(|config| run(migrate(config))),
        Command::Admin {
            command: AdminCommand::Keys { command },
        } => keys(command),
        Command::Identities {
            command:
                IdentitiesCommand::Import {
                    file,
                    on_conflict,
                    source,
                },
        } => load(&source).and_then(|config| run(import_identities(config, file, on_conflict))),
        Command::Audit {
            command: AuditCommand::Verify { checkpoint, source },
        } => load(&source).and_then(|config| run(verify_audit(config, checkpoint))),
        Command::Audit {
            command: AuditCommand::Checkpoint(source),
        } => load(&source).and_then(|config| run(audit_checkpoint(config))),
        Command::Audit {
            command: AuditCommand::Adopt(source),
        } => load(&source).and_then(|config| run(adopt_audit(config))),
        Command::Keys {
            command: SigningKeysCommand::Rotate(source),
        } => load(&source).and_then(|config| run(rotate_signing_keys(config))),
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

/// `latchkey doctor`: one line per finding, its fix under it; the exit code is the worst level.
fn doctor(source: &ConfigSource) -> ExitCode {
    use latchkey::doctor::Level;
    let config = match load(source) {
        Ok(config) => config,
        Err(Failure::Config(e)) => {
            println!("FAIL  config    {e}");
            return ExitCode::from(2);
        }
        Err(Failure::Runtime(e)) => {
            println!("FAIL  config    {e:#}");
            return ExitCode::from(2);
        }
    };
    let findings = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime.block_on(latchkey::doctor::examine(&config)),
        Err(e) => {
            eprintln!("latchkey: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    for finding in &findings {
        let level = match finding.level {
            Level::Ok => "ok",
            Level::Warn => "WARN",
            Level::Fail => "FAIL",
        };
        println!("{level:<5} {:<9} {}", finding.check, finding.message);
        if let Some(fix) = &finding.fix {
            println!("{:<15} fix: {fix}", "");
        }
    }
    match findings.iter().map(|f| f.level).max() {
        Some(Level::Fail) => ExitCode::from(2),
        Some(Level::Warn) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
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

fn keys(command: KeysCommand) -> Result<(), Failure> {
    match command {
        KeysCommand::Create {
            name,
            owner,
            role,
            source,
        } => {
            let config = load(&source)?;
            run(async move {
                let role = Role::parse(&role).context("role is support or admin")?;
                let (key, secret) = admin_keys(&config)
                    .await?
                    .create(&name, &owner, role, &operator())
                    .await?;
                eprintln!(
                    "created admin key {} \"{}\" of {} (role {}); the key follows, shown only this once:",
                    key.id,
                    key.name,
                    key.owner,
                    role.as_str()
                );
                println!("{}", secret.expose());
                Ok(())
            })
        }
        KeysCommand::List(source) => {
            let config = load(&source)?;
            run(async move {
                let keys = admin_keys(&config).await?.list().await?;
                println!(
                    "{:<36}  {:<7}  {:<20}  {:<20}  {:<20}  name (owner)",
                    "id", "role", "created", "last used", "revoked"
                );
                for key in keys {
                    println!(
                        "{:<36}  {:<7}  {:<20}  {:<20}  {:<20}  {} ({})",
                        key.id,
                        key.role.as_str(),
                        minute(Some(key.created_at)),
                        minute(key.last_used_at),
                        minute(key.revoked_at),
                        key.name,
                        key.owner
                    );
                }
                Ok(())
            })
        }
        KeysCommand::Revoke { id, source } => {
            let config = load(&source)?;
            run(async move {
                admin_keys(&config)
                    .await?
                    .revoke(id, &operator())
                    .await
                    .map_err(|e| match e {
                        latchkey::error::Error::NotFound => {
                            Failure::Runtime(anyhow::anyhow!("no live admin key has the id {id}"))
                        }
                        other => other.into(),
                    })?;
                println!("revoked admin key {id}");
                Ok(())
            })
        }
    }
}

async fn admin_keys(config: &Config) -> Result<AdminKeys, Failure> {
    let store = open_store(config).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let audit = Arc::new(open_audit(config, store.clone())?);
    Ok(AdminKeys::new(store, clock, audit))
}

fn open_audit(config: &Config, store: Store) -> Result<Audit, Failure> {
    Ok(audit_with(config, store, Keys::load(&config.secrets)?.audit))
}

fn audit_with(config: &Config, store: Store, keys: AuditKeys) -> Audit {
    // A command's few entries are not worth a metric nobody scrapes.
    Audit::new(
        store,
        Arc::new(SystemClock),
        Arc::new(keys),
        Default::default(),
        config.webhooks.iter().map(|w| w.subscription()).collect(),
    )
}

/// Who ran a command, for the audit trail.
fn operator() -> String {
    std::env::var("USER").unwrap_or_else(|_| "unknown".to_owned())
}

fn minute(at: Option<time::OffsetDateTime>) -> String {
    at.map_or_else(|| "-".to_owned(), |t| format!("{}Z", latchkey::clock::to_the_minute(t)))
}

async fn verify_audit(config: Config, checkpoints: Option<PathBuf>) -> Result<(), Failure> {
    let checkpoints = match checkpoints {
        Some(file) => read_checkpoints(&file)?,
        None => Vec::new(),
    };
    let audit = open_audit(&config, open_store(&config).await?)?;
    let entries = intact(audit.verify_extending(&checkpoints).await?)?;
    let extends = match checkpoints.iter().map(|c| c.seq).max() {
        Some(seq) => format!("; it extends every checkpoint given (the latest at entry {seq})"),
        None => String::new(),
    };
    println!(
        "audit trail intact: {entries} {}, every hash, link and signature holds{extends}",
        if entries == 1 { "entry" } else { "entries" }
    );
    Ok(())
}

async fn rotate_signing_keys(config: Config) -> Result<(), Failure> {
    let store = open_store(&config).await?;
    let keys = Keys::load(&config.secrets)?;
    let tokens = latchkey::tokens::TokenKeys::new(store.clone(), keys.signing_keys, Arc::new(SystemClock));
    let signing = tokens.rotate().await?.join(", ");
    audit_with(&config, store, keys.audit)
        .record(
            Event::new(Actor::cli(&operator()), Action::SigningKeyRotated, None)
                .details(serde_json::json!({ "signing_kid": signing })),
        )
        .await?;
    println!(
        "key {signing} signs from now on (one per algorithm in use); replicas switch within a minute, and the retired keys stay in the JWKS until their tokens have expired"
    );
    Ok(())
}

async fn audit_checkpoint(config: Config) -> Result<(), Failure> {
    let audit = open_audit(&config, open_store(&config).await?)?;
    let checkpoint = audit.checkpoint().await?.map_err(|broken| broken_trail(&broken))?;
    println!("{}", serde_json::to_string(&checkpoint).map_err(anyhow::Error::from)?);
    Ok(())
}

async fn adopt_audit(config: Config) -> Result<(), Failure> {
    let audit = open_audit(&config, open_store(&config).await?)?;
    let signed = audit.adopt_unsigned().await?.map_err(|broken| broken_trail(&broken))?;
    println!("signed {signed} audit entries written before the trail was keyed");
    Ok(())
}

fn read_checkpoints(file: &Path) -> Result<Vec<Checkpoint>, Failure> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read the checkpoint file {}", file.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| {
                Failure::Runtime(anyhow::anyhow!(
                    "{} line {}: not a checkpoint printed by `latchkey audit checkpoint`: {e}",
                    file.display(),
                    i + 1
                ))
            })
        })
        .collect()
}

/// The number of entries of an intact trail, or the failure naming the first bad entry.
fn intact(verification: Verification) -> Result<i64, Failure> {
    match verification {
        Verification::Intact { entries } => Ok(entries),
        broken => Err(broken_trail(&broken)),
    }
}

fn broken_trail(verification: &Verification) -> Failure {
    let message = match verification {
        Verification::Broken { seq, id, problem } => {
            let id = id.map(|id| format!(" (id {id})")).unwrap_or_default();
            format!("audit trail broken at entry {seq}{id}: {problem}")
        }
        Verification::Intact { entries } => format!("audit trail intact ({entries} entries)"),
    };
    Failure::Runtime(anyhow::anyhow!(message))
}

async fn import_identities(config: Config, file: PathBuf, on_conflict: String) -> Result<(), Failure> {
    let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let records = records_in(&text);
    let store = open_store(&config).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let importer = Importer::new(
        store.clone(),
        clock,
        Arc::new(SlowHasher::per_core()),
        Arc::new(open_audit(&config, store)?),
        config.policy.default_tier,
    );
    let on_conflict = if on_conflict == "update" {
        OnConflict::Update
    } else {
        OnConflict::Skip
    };
    let by = Actor::System {
        name: format!("import by {}", operator()),
    };
    let origin = Origin::default();
    let started = std::time::Instant::now();
    let (mut created, mut updated, mut skipped, mut refused) = (0, 0, 0, 0);
    let mut refuse = |index: usize, RecordRefused { field, reason }: RecordRefused| {
        refused += 1;
        eprintln!("record {index}: {field}: {reason}");
    };
    // A batch is one transaction: a record at a time, writers spend their time waiting for the
    // store's write lock.
    for (batch, chunk) in records.chunks(IMPORT_BATCH).enumerate() {
        let first = batch * IMPORT_BATCH;
        let mut parsed = Vec::with_capacity(chunk.len());
        let mut indexes = Vec::with_capacity(chunk.len());
        for (offset, record) in chunk.iter().enumerate() {
            match record {
                Ok(record) => {
                    parsed.push(record.clone());
                    indexes.push(first + offset);
                }
                Err(refusal) => refuse(first + offset, refusal.clone()),
            }
        }
        let outcomes = importer.import_all(&parsed, on_conflict, &by, &origin).await?;
        for (index, outcome) in indexes.into_iter().zip(outcomes) {
            match outcome {
                Ok(Imported::Created(_)) => created += 1,
                Ok(Imported::Updated(_)) => updated += 1,
                Ok(Imported::Skipped(_)) => skipped += 1,
                Err(refusal) => refuse(index, refusal),
            }
        }
    }
    println!(
        "imported {created}, updated {updated}, skipped {skipped} (address already in use), refused {refused}, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if refused > 0 {
        return Err(Failure::Runtime(anyhow::anyhow!(
            "{refused} record(s) refused; fix them and import the file again (imported records are skipped)"
        )));
    }
    Ok(())
}

/// Records imported in one transaction.
const IMPORT_BATCH: usize = 500;

/// The records of a JSON array, or of JSON Lines; a line that is not JSON is a refused record.
fn records_in(text: &str) -> Vec<Result<serde_json::Value, RecordRefused>> {
    let not_json = |e: serde_json::Error| RecordRefused {
        field: "(record)".to_owned(),
        reason: format!("not JSON: {e}"),
    };
    if text.trim_start().starts_with('[') {
        return match serde_json::from_str::<Vec<serde_json::Value>>(text) {
            Ok(records) => records.into_iter().map(Ok).collect(),
            Err(e) => vec![Err(not_json(e))],
        };
    }
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).map_err(not_json))
        .collect()
}

async fn migrate(config: Config) -> Result<(), Failure> {
    open_store(&config).await?;
    println!("migrations applied to {}", config::redact_dsn(&config.dsn));
    Ok(())
}

async fn serve(config: Config) -> Result<(), Failure> {
    log_panics_without_their_message();
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
    app.start_webhooks();
    tokio::spawn(sweep_expired(app.clone(), store.clone(), clock));
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
    let limits = config.connections;
    match listen::raise_file_limit() {
        Ok(files) => tracing::info!(
            open_files = files,
            max_connections = limits.max_connections,
            "file descriptor limit raised to the hard limit"
        ),
        Err(e) => tracing::warn!(error = %e, "could not raise the file descriptor limit"),
    }
    tokio::join!(
        listen::serve(public, app.public_router(), limits, shutdown_signal()),
        listen::serve(admin, app.admin_router(), limits, shutdown_signal()),
    );
    app.flush_funnel().await;
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

/// Every minute: marks recovery links past their expiry as expired (audited); every ten
/// minutes: removes expired flows, sessions, code grants, old send counters and old outbox rows.
async fn sweep_expired(app: Arc<App>, store: Store, clock: Arc<dyn Clock>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    for round in 0u64.. {
        tick.tick().await;
        if let Err(e) = app.recovery.expire_due().await {
            tracing::warn!(error = %e.detail(), "expiring recovery links failed");
        }
        if round % 10 != 0 {
            continue;
        }
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

/// A panic's message may quote what a client sent (a typed code, a token, an address): the log
/// gets where it happened, never the message. The edge answers the request `internal_error`.
fn log_panics_without_their_message() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(%place, "a request handler panicked (message withheld: it may quote client input)");
    }));
}

/// Logs (text or JSON) and, with `tracing.provider: otel`, spans exported over OTLP/HTTP: the
/// returned provider must be shut down at exit to send what is still batched. Called outside the
/// async runtime: the exporter's blocking HTTP client must not live inside it.
fn init_tracing(config: &Config) -> Result<Option<opentelemetry_sdk::trace::SdkTracerProvider>, Failure> {
    use opentelemetry::trace::TracerProvider as _;
    use opentelemetry_otlp::WithExportConfig as _;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let filter = tracing_subscriber::EnvFilter::try_from_env("LATCHKEY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&config.log_level));
    // Colours only for a person at a terminal, not in files or a log shipper's input.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let provider = match &config.otlp {
        None => None,
        Some(otlp) => {
            // TLS to the collector uses rustls on ring, as everything else here.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let exporter = opentelemetry_otlp::SpanExporter::builder()
                .with_http()
                .with_endpoint(otlp.endpoint.as_str())
                .build()
                .map_err(|e| anyhow::anyhow!("tracing.providers.otlp: {e}"))?;
            Some(
                opentelemetry_sdk::trace::SdkTracerProvider::builder()
                    .with_batch_exporter(exporter)
                    .with_resource(
                        opentelemetry_sdk::Resource::builder()
                            .with_service_name(otlp.service_name.clone())
                            .build(),
                    )
                    .build(),
            )
        }
    };
    let spans = provider
        .as_ref()
        .map(|p| tracing_opentelemetry::layer().with_tracer(p.tracer("latchkey")));
    tracing_subscriber::registry()
        .with(filter)
        .with(config.log_json.then(|| tracing_subscriber::fmt::layer().json()))
        .with((!config.log_json).then(|| tracing_subscriber::fmt::layer().with_ansi(ansi)))
        .with(spans)
        .init();
    Ok(provider)
}
