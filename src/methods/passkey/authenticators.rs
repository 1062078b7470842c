//! What made a passkey: the authenticator model's name, looked up by its AAGUID, and the kind of
//! device it lives on. Only for showing people their passkeys ("Google Password Manager",
//! "Security key"): nothing here decides who may sign in, and the attachment and transports the
//! browser reports are unsigned.
//!
//! The built-in list names the common passkey providers and security keys, in the format of the
//! community passkey-authenticator-aaguids data (`{"<aaguid>": {"name": ...}}`). An operator keeps
//! names current by pointing `selfservice.methods.webauthn.config.aaguid_list_path` at a copy of
//! that data (`aaguid.json` or `combined_aaguid.json`); its entries are laid over the built-in ones.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use uuid::Uuid;
use webauthn_rs_proto::{AuthenticatorAttachment, AuthenticatorTransport};

use crate::domain::DeviceKind;

const BUILT_IN: &str = include_str!("authenticators.json");

#[derive(Debug, Clone, Deserialize)]
struct Entry {
    name: String,
    /// latchkey's own addition to the format: models known to be security keys.
    #[serde(default)]
    kind: Option<DeviceKind>,
}

/// The authenticator models latchkey can name.
#[derive(Debug, Clone)]
pub struct Authenticators {
    entries: HashMap<Uuid, Entry>,
}

/// What a new passkey's registration says about its device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDevice {
    pub aaguid: Option<Uuid>,
    /// The model's name, when the list knows it.
    pub provider: Option<String>,
    pub kind: DeviceKind,
}

impl Authenticators {
    pub fn built_in() -> Self {
        // The embedded list is checked by a unit test; it cannot fail at run time.
        Self {
            entries: parse(BUILT_IN).unwrap_or_default(),
        }
    }

    /// The built-in list with the entries of an operator's file laid over it.
    pub fn with_file(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let mut list = Self::built_in();
        list.entries.extend(parse(&text)?);
        Ok(list)
    }

    pub fn name(&self, aaguid: Uuid) -> Option<&str> {
        self.entries.get(&aaguid).map(|e| e.name.as_str())
    }

    /// Describes the authenticator of a verified registration from its attestation object and
    /// what the browser reported (attachment, transports).
    pub fn describe(
        &self,
        attestation_object: &[u8],
        attachment: Option<AuthenticatorAttachment>,
        transports: &[AuthenticatorTransport],
    ) -> NewDevice {
        let aaguid = aaguid(attestation_object);
        let entry = aaguid.and_then(|a| self.entries.get(&a));
        NewDevice {
            aaguid,
            provider: entry.map(|e| e.name.clone()),
            kind: device_kind(entry.and_then(|e| e.kind), attachment, transports),
        }
    }
}

fn parse(text: &str) -> Result<HashMap<Uuid, Entry>, String> {
    serde_json::from_str(text).map_err(|e| format!("not an AAGUID list ({{\"<aaguid>\": {{\"name\": ...}}}}): {e}"))
}

/// The AAGUID in the attested credential data, or `None` when the authenticator sent none (all
/// zeros, as many do when no attestation is asked for). Read after webauthn-rs verified the
/// registration, so a malformed object only means "no AAGUID".
fn aaguid(attestation_object: &[u8]) -> Option<Uuid> {
    /// authData: rpIdHash (32) | flags (1) | signCount (4) | AAGUID (16) | ... (WebAuthn 6.1).
    const FLAGS: usize = 32;
    const AAGUID: std::ops::Range<usize> = 37..53;
    const ATTESTED_CREDENTIAL_DATA: u8 = 0x40;
    let serde_cbor_2::Value::Map(object) = serde_cbor_2::from_slice(attestation_object).ok()? else {
        return None;
    };
    let Some(serde_cbor_2::Value::Bytes(auth_data)) = object.get(&serde_cbor_2::Value::Text("authData".into())) else {
        return None;
    };
    if auth_data.get(FLAGS)? & ATTESTED_CREDENTIAL_DATA == 0 {
        return None;
    }
    let aaguid = Uuid::from_slice(auth_data.get(AAGUID)?).ok()?;
    (!aaguid.is_nil()).then_some(aaguid)
}

fn device_kind(
    listed: Option<DeviceKind>,
    attachment: Option<AuthenticatorAttachment>,
    transports: &[AuthenticatorTransport],
) -> DeviceKind {
    use AuthenticatorTransport::{Ble, Hybrid, Internal, Nfc, Usb};
    if let Some(kind) = listed {
        return kind;
    }
    let has = |t: &AuthenticatorTransport| transports.contains(t);
    let external_only = !transports.is_empty() && transports.iter().all(|t| matches!(t, Usb | Nfc | Ble));
    match attachment {
        Some(AuthenticatorAttachment::Platform) => DeviceKind::BuiltIn,
        Some(AuthenticatorAttachment::CrossPlatform) if has(&Hybrid) => DeviceKind::Phone,
        _ if external_only => DeviceKind::SecurityKey,
        None if has(&Internal) && !has(&Hybrid) => DeviceKind::BuiltIn,
        _ => DeviceKind::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AuthenticatorTransport::{Hybrid, Internal, Nfc, Usb};

    #[test]
    fn the_built_in_list_names_common_providers() {
        let list = Authenticators::built_in();
        let gpm = Uuid::parse_str("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4").unwrap();
        assert_eq!(list.name(gpm), Some("Google Password Manager"));
        assert_eq!(list.name(Uuid::nil()), None);
    }

    #[test]
    fn the_kind_of_device_follows_attachment_and_transports() {
        let cross = Some(AuthenticatorAttachment::CrossPlatform);
        let platform = Some(AuthenticatorAttachment::Platform);
        assert_eq!(device_kind(None, platform, &[Internal, Hybrid]), DeviceKind::BuiltIn);
        assert_eq!(device_kind(None, cross, &[Hybrid, Internal]), DeviceKind::Phone);
        assert_eq!(device_kind(None, cross, &[Usb, Nfc]), DeviceKind::SecurityKey);
        assert_eq!(device_kind(None, None, &[Usb]), DeviceKind::SecurityKey);
        assert_eq!(device_kind(None, None, &[Internal]), DeviceKind::BuiltIn);
        assert_eq!(device_kind(None, None, &[Hybrid, Internal]), DeviceKind::Unknown);
        assert_eq!(device_kind(None, None, &[]), DeviceKind::Unknown);
        assert_eq!(
            device_kind(Some(DeviceKind::SecurityKey), platform, &[Internal]),
            DeviceKind::SecurityKey
        );
    }

    #[test]
    fn garbage_attestation_objects_have_no_aaguid() {
        assert_eq!(aaguid(b"not cbor"), None);
        assert_eq!(aaguid(&[0xa0]), None); // an empty CBOR map
    }
}
