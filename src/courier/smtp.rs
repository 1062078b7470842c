//! Delivery over SMTP with `lettre`.

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{CourierConfig, SmtpConfig, SmtpTls};
use crate::domain::MailContent;
use crate::error::Error;

/// How long one SMTP conversation may take before it counts as failed (and is retried).
pub(super) const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

pub(super) struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpSender {
    pub(super) fn new(smtp: &SmtpConfig, courier: &CourierConfig) -> Result<Self, Error> {
        let tls_parameters = || {
            TlsParameters::builder(smtp.host.clone())
                .dangerous_accept_invalid_certs(smtp.accept_invalid_certs)
                .build()
                .map_err(|e| Error::Internal(format!("SMTP TLS set-up: {e}")))
        };
        let tls = match smtp.tls {
            SmtpTls::Implicit => Tls::Wrapper(tls_parameters()?),
            SmtpTls::StartTls => Tls::Required(tls_parameters()?),
            SmtpTls::None => Tls::None,
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
            .port(smtp.port)
            .tls(tls)
            .timeout(Some(TIMEOUT));
        if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        if let Some(name) = &smtp.local_name {
            builder = builder.hello_name(ClientId::Domain(name.clone()));
        }
        let address = courier
            .from_address
            .parse()
            .map_err(|e| Error::Internal(format!("courier.smtp.from_address: {e}")))?;
        Ok(Self {
            transport: builder.build(),
            from: Mailbox::new(Some(courier.from_name.clone()), address),
        })
    }

    /// Connects, negotiates TLS, says EHLO and authenticates as configured, without sending
    /// anything (`latchkey doctor`).
    pub(super) async fn try_connection(&self) -> Result<(), String> {
        match self.transport.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err("the server did not answer NOOP".to_owned()),
            Err(e) => Err(format!("SMTP: {e}")),
        }
    }

    /// Sends one message; the error is a reason for the log and the outbox row. The Message-ID
    /// is the outbox row's id: delivery is at least once (a process that dies after the server
    /// accepted a message and before marking it sent sends it again), and a repeat carries the
    /// same Message-ID, which mail systems use to show it once.
    pub(super) async fn send(&self, id: uuid::Uuid, recipient: &str, content: MailContent) -> Result<(), String> {
        let to: Mailbox = recipient
            .parse()
            .map_err(|e| format!("recipient is not an address: {e}"))?;
        let domain = self.from.email.domain();
        let email = Message::builder()
            .message_id(Some(format!("<{id}@{domain}>")))
            .from(self.from.clone())
            .to(to)
            .subject(content.subject)
            .multipart(MultiPart::alternative_plain_html(content.text_body, content.html_body))
            .map_err(|e| format!("message could not be built: {e}"))?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| format!("SMTP: {e}"))
    }
}
