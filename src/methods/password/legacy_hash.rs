//! Password hashes brought in from another system: the families latchkey imports (Kratos's import
//! formats), each checked against cost limits when it arrives and verified with a maintained
//! RustCrypto (or, for bcrypt, the `bcrypt`) crate.
//!
//! # Security
//! - Cost limits are checked at import, before any hash is stored: a hostile import could
//!   otherwise make each sign-in of one account cost seconds of CPU or gigabytes of memory.
//! - Outputs are compared in constant time (`subtle`), as the crates do for their own formats.
//! - Nothing here hashes a new password: latchkey writes Argon2id only (`crate::slow_hash`), and a
//!   legacy hash is replaced by one on the next successful sign-in.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use subtle::ConstantTimeEq;

/// Cost limits of imported hashes (as Kratos applies them): anything above is refused at import.
pub const MAX_BCRYPT_COST: u32 = 15;
pub const MAX_ARGON2_MEMORY_KIB: u32 = 1024 * 1024;
pub const MAX_ARGON2_TIME: u32 = 10;
pub const MAX_ARGON2_LANES: u32 = 16;
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
pub const MAX_SCRYPT_N: u64 = 1 << 17;
pub const MAX_SCRYPT_R: u32 = 8;
pub const MAX_SCRYPT_P: u32 = 10;

/// The families latchkey verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Argon2id,
    Argon2i,
    Bcrypt,
    Pbkdf2Sha256,
    Pbkdf2Sha512,
    Scrypt,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Argon2id => "argon2id",
            Self::Argon2i => "argon2i",
            Self::Bcrypt => "bcrypt",
            Self::Pbkdf2Sha256 => "pbkdf2-sha256",
            Self::Pbkdf2Sha512 => "pbkdf2-sha512",
            Self::Scrypt => "scrypt",
        }
    }
}

/// Why an imported hash was refused; said to the operator, naming what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn refused(why: impl Into<String>) -> Refused {
    Refused(why.into())
}

/// A hash that passed the format and cost checks.
#[derive(Clone, PartialEq, Eq)]
pub struct LegacyHash {
    family: Family,
    text: String,
}

impl fmt::Debug for LegacyHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LegacyHash({}, ***)", self.family.as_str())
    }
}

impl LegacyHash {
    /// Checks `text` is a hash of a known family within the cost limits.
    pub fn parse(text: &str) -> Result<Self, Refused> {
        let family = family_of(text)?;
        match family {
            Family::Argon2id | Family::Argon2i => check_argon2(text)?,
            Family::Bcrypt => check_bcrypt(text)?,
            Family::Pbkdf2Sha256 | Family::Pbkdf2Sha512 => {
                Pbkdf2Hash::parse(text)?;
            }
            Family::Scrypt => {
                ScryptHash::parse(text)?;
            }
        }
        Ok(Self {
            family,
            text: text.to_owned(),
        })
    }

    pub fn family(&self) -> Family {
        self.family
    }

    /// The stored form.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether `password` is the one hashed. CPU (and for Argon2, memory) bound: run it off the
    /// async threads.
    pub fn verify(&self, password: &str) -> bool {
        match self.family {
            Family::Argon2id | Family::Argon2i => verify_argon2(&self.text, password),
            Family::Bcrypt => bcrypt::verify(password, &self.text).unwrap_or(false),
            Family::Pbkdf2Sha256 | Family::Pbkdf2Sha512 => {
                Pbkdf2Hash::parse(&self.text).is_ok_and(|hash| hash.matches(password))
            }
            Family::Scrypt => ScryptHash::parse(&self.text).is_ok_and(|hash| hash.matches(password)),
        }
    }
}

fn family_of(text: &str) -> Result<Family, Refused> {
    let id = text
        .strip_prefix('$')
        .and_then(|rest| rest.split('$').next())
        .ok_or_else(|| refused("not a hash in PHC or modular crypt form (it must start with $)"))?;
    Ok(match id {
        "argon2id" => Family::Argon2id,
        "argon2i" => Family::Argon2i,
        "2a" | "2b" | "2y" => Family::Bcrypt,
        "pbkdf2-sha256" => Family::Pbkdf2Sha256,
        "pbkdf2-sha512" => Family::Pbkdf2Sha512,
        "scrypt" => Family::Scrypt,
        other => {
            return Err(refused(format!(
                "hash algorithm `{other}` is not supported (supported: argon2id, argon2i, bcrypt $2a$ $2b$ $2y$, pbkdf2-sha256, pbkdf2-sha512, scrypt)"
            )));
        }
    })
}

fn check_bcrypt(text: &str) -> Result<(), Refused> {
    let cost: u32 = text
        .get(4..6)
        .and_then(|c| c.parse().ok())
        .filter(|_| text.len() == 60 && text.get(6..7) == Some("$"))
        .ok_or_else(|| refused("not a bcrypt hash ($2b$NN$ and 53 characters of salt and hash)"))?;
    if cost > MAX_BCRYPT_COST {
        return Err(refused(format!(
            "bcrypt cost {cost} is above the limit of {MAX_BCRYPT_COST}"
        )));
    }
    Ok(())
}

fn argon2_params(text: &str) -> Result<argon2::Params, Refused> {
    let parsed = argon2::password_hash::phc::PasswordHash::new(text)
        .map_err(|e| refused(format!("not an argon2 PHC string: {e}")))?;
    if parsed.salt.is_none() || parsed.hash.is_none() {
        return Err(refused("the argon2 hash has no salt or output"));
    }
    argon2::Params::try_from(&parsed).map_err(|e| refused(format!("argon2 parameters: {e}")))
}

fn check_argon2(text: &str) -> Result<(), Refused> {
    let params = argon2_params(text)?;
    let limits = [
        ("memory m", params.m_cost(), MAX_ARGON2_MEMORY_KIB, " KiB"),
        ("time t", params.t_cost(), MAX_ARGON2_TIME, ""),
        ("lanes p", params.p_cost(), MAX_ARGON2_LANES, ""),
    ];
    for (name, value, max, unit) in limits {
        if value > max {
            return Err(refused(format!(
                "argon2 {name} = {value}{unit} is above the limit of {max}{unit}"
            )));
        }
    }
    Ok(())
}

fn verify_argon2(text: &str, password: &str) -> bool {
    use argon2::password_hash::PasswordVerifier;
    let Ok(parsed) = argon2::password_hash::phc::PasswordHash::new(text) else {
        return false;
    };
    argon2::Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// `$pbkdf2-<digest>$i=<iterations>,l=<length>$<salt>$<hash>`, base64 without padding.
struct Pbkdf2Hash {
    sha512: bool,
    iterations: u32,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

impl Pbkdf2Hash {
    fn parse(text: &str) -> Result<Self, Refused> {
        let bad = || refused("not a pbkdf2 hash ($pbkdf2-sha256$i=N,l=N$<salt>$<hash>)");
        let mut parts = text.split('$').skip(1);
        let (Some(id), Some(params), Some(salt), Some(hash), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let (iterations, length) = two_params(params, "i", "l").ok_or_else(bad)?;
        let decode = |part: &str| STANDARD_NO_PAD.decode(part).map_err(|_| bad());
        let (salt, hash) = (decode(salt)?, decode(hash)?);
        if iterations > MAX_PBKDF2_ITERATIONS {
            return Err(refused(format!(
                "pbkdf2 iterations {iterations} are above the limit of {MAX_PBKDF2_ITERATIONS}"
            )));
        }
        if iterations == 0 || hash.is_empty() || usize::try_from(length).ok() != Some(hash.len()) {
            return Err(bad());
        }
        Ok(Self {
            sha512: id == "pbkdf2-sha512",
            iterations,
            salt,
            hash,
        })
    }

    fn matches(&self, password: &str) -> bool {
        let mut out = vec![0u8; self.hash.len()];
        if self.sha512 {
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password.as_bytes(), &self.salt, self.iterations, &mut out);
        } else {
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &self.salt, self.iterations, &mut out);
        }
        out.ct_eq(&self.hash).into()
    }
}

/// Kratos's scrypt form: `$scrypt$ln=<N>,r=<r>,p=<p>$<salt>$<hash>`, where `ln` is N itself (a
/// power of two) and salt and hash are padded standard base64.
struct ScryptHash {
    params: scrypt::Params,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

impl ScryptHash {
    fn parse(text: &str) -> Result<Self, Refused> {
        let bad = || refused("not a scrypt hash in Kratos's form ($scrypt$ln=N,r=R,p=P$<salt>$<hash>)");
        let mut parts = text.split('$').skip(2);
        let (Some(params), Some(salt), Some(hash), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let mut values = params.split(',');
        let (Some(n), Some(r), Some(p), None) = (
            values
                .next()
                .and_then(|v| v.strip_prefix("ln="))
                .and_then(|v| v.parse::<u64>().ok()),
            values
                .next()
                .and_then(|v| v.strip_prefix("r="))
                .and_then(|v| v.parse::<u32>().ok()),
            values
                .next()
                .and_then(|v| v.strip_prefix("p="))
                .and_then(|v| v.parse::<u32>().ok()),
            values.next(),
        ) else {
            return Err(bad());
        };
        if n > MAX_SCRYPT_N || r > MAX_SCRYPT_R || p > MAX_SCRYPT_P {
            return Err(refused(format!(
                "scrypt N={n}, r={r}, p={p} is above the limits N <= {MAX_SCRYPT_N}, r <= {MAX_SCRYPT_R}, p <= {MAX_SCRYPT_P}"
            )));
        }
        if !n.is_power_of_two() || n < 2 {
            return Err(refused(format!("scrypt N={n} is not a power of two above 1")));
        }
        let decode = |part: &str| STANDARD.decode(part).map_err(|_| bad());
        let (salt, hash) = (decode(salt)?, decode(hash)?);
        let log_n = u8::try_from(n.trailing_zeros()).map_err(|_| bad())?;
        let params = scrypt::Params::new(log_n, r, p).map_err(|_| bad())?;
        Ok(Self { params, salt, hash })
    }

    fn matches(&self, password: &str) -> bool {
        let mut out = vec![0u8; self.hash.len()];
        scrypt::scrypt(password.as_bytes(), &self.salt, &self.params, &mut out).is_ok()
            && bool::from(out.ct_eq(&self.hash))
    }
}

/// `a=<u32>,b=<u32>` with these names, in this order.
fn two_params(text: &str, first: &str, second: &str) -> Option<(u32, u32)> {
    let (a, b) = text.split_once(',')?;
    let value = |part: &str, name: &str| part.strip_prefix(name)?.strip_prefix('=')?.parse().ok();
    Some((value(a, first)?, value(b, second)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hashes made by the reference tools (`tests/fixtures/passwords/make_vectors.py`).
    fn vectors() -> (String, Vec<(String, String)>) {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../../../tests/fixtures/passwords/vectors.json")).unwrap();
        let password = fixture["password"].as_str().unwrap().to_owned();
        let vectors = fixture["vectors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["family"].as_str().unwrap().to_owned(),
                    v["hash"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (password, vectors)
    }

    #[test]
    fn every_reference_hash_verifies_its_password_and_no_other() {
        let (password, vectors) = vectors();
        assert!(vectors.len() >= 8);
        for (family, text) in vectors {
            let hash = LegacyHash::parse(&text).unwrap_or_else(|e| panic!("{family}: {e}"));
            assert_eq!(hash.family().as_str(), family);
            assert!(hash.verify(&password), "{family} did not verify");
            assert!(
                !hash.verify("correct horse battery!"),
                "{family} verified a wrong password"
            );
            assert!(!hash.verify(""), "{family} verified the empty password");
        }
    }

    #[test]
    fn costs_above_the_limits_are_refused_naming_the_limit() {
        let cases = [
            (
                "$2b$16$3TtRLu7QX77XF9XwR4DWcOOAY3t5BK8sJjv0VKOjMQLq9x4VcYb4W",
                "bcrypt cost 16",
            ),
            (
                "$argon2id$v=19$m=2097152,t=2,p=1$tRYUHH5wVI51UkFy2Ai+Mw$G0Hq9PuGPA5ObThP9GrAWjjKsrV0EExgYdmaTPdMdUc",
                "memory m",
            ),
            (
                "$argon2id$v=19$m=19456,t=11,p=1$tRYUHH5wVI51UkFy2Ai+Mw$G0Hq9PuGPA5ObThP9GrAWjjKsrV0EExgYdmaTPdMdUc",
                "time t",
            ),
            (
                "$pbkdf2-sha256$i=10000001,l=32$m/OJnT7ryPed73QSinVFzA$a8qP0g9vXwz6iaJQ4myngQSoQeRAqUURLfrjB6JUMts",
                "iterations 10000001",
            ),
            (
                "$scrypt$ln=262144,r=8,p=1$jd77f+uewClnl4Fy0wDhYw==$XPzWu/q2N63KFNu6HehR00+aQXWR8V/worCdJ8qscpQ=",
                "N=262144",
            ),
            (
                "$scrypt$ln=16384,r=9,p=1$jd77f+uewClnl4Fy0wDhYw==$XPzWu/q2N63KFNu6HehR00+aQXWR8V/worCdJ8qscpQ=",
                "r=9",
            ),
        ];
        for (text, named) in cases {
            let Refused(why) = LegacyHash::parse(text).unwrap_err();
            assert!(why.contains(named) && why.contains("limit"), "{text}: {why}");
        }
    }

    #[test]
    fn unknown_and_malformed_hashes_are_refused_with_the_reason() {
        let cases = [
            ("5f4dcc3b5aa765d61d8327deb882cf99", "start with $"),
            ("$1$salt$hash", "`1` is not supported"),
            ("$md5-crypt$x$y", "not supported"),
            ("$2b$10$short", "not a bcrypt hash"),
            ("$pbkdf2-sha256$i=1000$salt$hash", "not a pbkdf2 hash"),
            ("$scrypt$ln=1000,r=8,p=1$c2FsdA==$aGFzaA==", "not a power of two"),
            ("$argon2id$v=19$m=19456,t=2,p=1$", "argon2"),
        ];
        for (text, named) in cases {
            let Refused(why) = LegacyHash::parse(text).unwrap_err();
            assert!(why.contains(named), "{text}: {why}");
        }
    }

    #[test]
    fn a_hash_never_reaches_debug_output() {
        let (_, vectors) = vectors();
        let hash = LegacyHash::parse(&vectors[0].1).unwrap();
        let salt_and_output = vectors[0].1.rsplit('$').next().unwrap();
        assert!(!format!("{hash:?}").contains(salt_and_output));
    }
}
