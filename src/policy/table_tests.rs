//! The policy as a table, and what no sequence of actions may reach.
//!
//! `every_combination_is_decided_as_the_table_says` generates every combination of way in x tier
//! x state of the passkey that made the session x age of the session x action, asks [`decide`],
//! and compares the result with `decisions.txt` (reviewed like code: a change to a rule shows as
//! a change to that file; `LATCHKEY_WRITE_POLICY_TABLE=1 cargo test` rewrites it). Invariants
//! that must hold for every row are asserted as well, so the file cannot quietly grow a hole.
//!
//! `no_attacker_sequence_lifts_a_restriction` walks every sequence of up to six actions open to
//! someone who holds only the victim's mailbox on a `regulated` deployment, and checks that no
//! state reached has an unrestricted session or a privileged action allowed.

use std::collections::{HashSet, VecDeque};
use std::fmt::Write as _;

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::tests::session_of;
use super::*;
use crate::admin::keys::Role;
use crate::config::Approval;
use crate::domain::{Method, Session};

const WINDOW: Duration = Duration::minutes(15);
const DAY: Lifetimes = Lifetimes {
    absolute: Duration::hours(24),
    idle: None,
};

#[derive(Debug, Clone, Copy)]
enum Way {
    Passkey,
    PasskeyWithoutUv,
    EmailCode,
    BackupCode,
    Recovery,
    Password,
}

const WAYS: [Way; 6] = [
    Way::Passkey,
    Way::PasskeyWithoutUv,
    Way::EmailCode,
    Way::BackupCode,
    Way::Recovery,
    Way::Password,
];

impl Way {
    fn method(self) -> (Method, bool) {
        match self {
            Self::Passkey => (Method::Passkey, true),
            Self::PasskeyWithoutUv => (Method::Passkey, false),
            Self::EmailCode => (Method::Code, false),
            Self::BackupCode => (Method::LookupSecret, false),
            Self::Recovery => (Method::Recovery, false),
            Self::Password => (Method::Password, false),
        }
    }

    fn by_passkey(self) -> bool {
        matches!(self, Self::Passkey | Self::PasskeyWithoutUv)
    }
}

fn session_actions() -> Vec<(&'static str, Action)> {
    vec![
        ("read_account", Action::ReadAccount),
        ("rename_passkey", Action::RenamePasskey),
        ("add_passkey", Action::AddPasskey),
        (
            "upgrade_automatically",
            Action::AddPasskeyAutomatically { has_passkey: false },
        ),
        (
            "upgrade_again_automatically",
            Action::AddPasskeyAutomatically { has_passkey: true },
        ),
        ("remove_passkey", Action::RemovePasskey),
        ("create_backup_codes", Action::CreateBackupCodes),
        ("disable_password", Action::DisablePassword),
        ("change_addresses", Action::ChangeAddresses),
        ("end_other_sessions", Action::EndOtherSessions),
        ("sign_out", Action::SignOut),
        ("meet_aal1", Action::MeetLevel(Level::Aal1)),
        ("meet_aal2", Action::MeetLevel(Level::Aal2)),
        (
            "confirm_by_established_passkey",
            Action::ConfirmCoolingPasskey(Confirmation::Passkey(PasskeyState::Established)),
        ),
        (
            "confirm_by_cooling_passkey",
            Action::ConfirmCoolingPasskey(Confirmation::Passkey(PasskeyState::Cooling {
                until: datetime!(2026-01-02 12:00 UTC),
            })),
        ),
        ("confirm_by_itself", Action::ConfirmCoolingPasskey(Confirmation::Itself)),
        (
            "confirm_by_older_backup_code",
            Action::ConfirmCoolingPasskey(Confirmation::BackupCode { older: true }),
        ),
        (
            "confirm_by_newer_backup_code",
            Action::ConfirmCoolingPasskey(Confirmation::BackupCode { older: false }),
        ),
        ("request_recovery", Action::RequestRecovery),
        ("change_tier", Action::ChangeTier),
        ("manage_oauth_clients", Action::ManageOAuthClients),
    ]
}

fn shown(decision: &Decision) -> String {
    match decision {
        Decision::Allow => "allow".to_owned(),
        Decision::Deny(Denial::Forbidden(_)) => "deny forbidden".to_owned(),
        Decision::Deny(denial) => format!("deny {}", crate::auth::refusal(denial.clone()).id()),
    }
}

/// The session a way in yields, as policy sees it `age` later.
fn facts_after(way: Way, tier: Tier, made_by: Option<PasskeyState>, age: Duration) -> SessionFacts {
    let signed_in = datetime!(2026-01-01 12:00 UTC);
    let (method, uv) = way.method();
    let cooling = matches!(made_by, Some(PasskeyState::Cooling { .. }));
    let session = session_of(session_for_sign_in(method, uv, tier, signed_in, DAY, cooling));
    session_facts(&session, tier, made_by, signed_in + age, WINDOW)
}

fn session_table() -> String {
    let mut table = String::new();
    let cooling = PasskeyState::Cooling {
        until: datetime!(2026-01-02 12:00 UTC),
    };
    for way in WAYS {
        let states: &[(&str, Option<PasskeyState>)] = if way.by_passkey() {
            &[
                ("established", Some(PasskeyState::Established)),
                ("cooling", Some(cooling)),
            ]
        } else {
            &[("-", None)]
        };
        for tier in [Tier::Standard, Tier::HighValue] {
            for (state_name, made_by) in states {
                for (age_name, age) in [("fresh", Duration::minutes(1)), ("stale", Duration::hours(1))] {
                    let facts = facts_after(way, tier, *made_by, age);
                    for (action_name, action) in session_actions() {
                        let decision = decide(&Facts::Session(facts), &action);
                        check_invariants(&facts, &action, &decision);
                        let way = format!("{way:?}").to_lowercase();
                        let _ = writeln!(
                            table,
                            "{way:<18} {:<10} {state_name:<11} {age_name:<5} {action_name:<30} {}",
                            tier.as_str(),
                            shown(&decision)
                        );
                    }
                }
            }
        }
    }
    table
}

fn admin_table() -> String {
    let mut table = String::new();
    let actions = |requester: &str, revoked: bool| {
        vec![
            ("request_recovery".to_owned(), Action::RequestRecovery),
            ("issue_recovery_alone".to_owned(), Action::IssueRecoveryAlone),
            (
                format!("approve_recovery requester={requester} revoked={revoked}"),
                Action::ApproveRecovery {
                    requester: requester.to_owned(),
                    requester_revoked: revoked,
                },
            ),
            ("change_tier".to_owned(), Action::ChangeTier),
            ("delete_identity".to_owned(), Action::DeleteIdentity),
            ("import_identities".to_owned(), Action::ImportIdentities),
            ("manage_oauth_clients".to_owned(), Action::ManageOAuthClients),
            ("create_backup_codes".to_owned(), Action::CreateBackupCodes),
        ]
    };
    for role in [Role::Support, Role::Admin] {
        for tier in [Tier::Standard, Tier::HighValue] {
            for approval in [Approval::Never, Approval::HighValue, Approval::Always] {
                let facts = AdminFacts {
                    role,
                    person: "Ana".to_owned(),
                    recovery_tier: tier,
                    approval,
                };
                for (requester, revoked) in [("Ana", false), (" ana ", false), ("Ben", false), ("Ben", true)] {
                    for (name, action) in actions(requester, revoked) {
                        if !name.starts_with("approve") && requester != "Ana" {
                            continue;
                        }
                        let decision = decide(&Facts::Admin(facts.clone()), &action);
                        let _ = writeln!(
                            table,
                            "{:<7} {:<10} approval={:<10} {name:<48} {}",
                            role.as_str(),
                            tier.as_str(),
                            approval.as_str(),
                            shown(&decision)
                        );
                    }
                }
            }
        }
    }
    table
}

/// What must hold for every row, whatever the table file says.
fn check_invariants(facts: &SessionFacts, action: &Action, decision: &Decision) {
    let privileged_action = matches!(
        action,
        Action::RemovePasskey
            | Action::CreateBackupCodes
            | Action::DisablePassword
            | Action::ChangeAddresses
            | Action::EndOtherSessions
            | Action::MeetLevel(Level::Aal2)
    );
    if facts.restriction.is_some() && privileged_action {
        assert!(
            !decision.allowed(),
            "a restricted session may not {action:?}: {facts:?}"
        );
    }
    if facts.aal == Aal::Aal1 && *action == Action::MeetLevel(Level::Aal2) {
        assert!(!decision.allowed(), "aal1 never meets aal2: {facts:?}");
    }
    if facts.restriction == Some(Restriction::Enrolment) {
        assert_eq!(
            decision.allowed(),
            matches!(action, Action::AddPasskey | Action::SignOut),
            "a recovery session only saves a passkey: {action:?}"
        );
    }
    if let Action::ConfirmCoolingPasskey(by) = action {
        let may = matches!(
            by,
            Confirmation::Passkey(PasskeyState::Established) | Confirmation::BackupCode { older: true }
        ) && facts.restriction != Some(Restriction::Enrolment);
        assert_eq!(decision.allowed(), may, "confirmation by {by:?}");
    }
    if let Action::AddPasskeyAutomatically { has_passkey } = action {
        assert_eq!(
            decision.allowed(),
            facts.fresh_password_sign_in && !has_passkey,
            "a passkey without a dialog only right after a password sign-in, only the first: {facts:?}"
        );
    }
    if matches!(
        action,
        Action::RequestRecovery | Action::ChangeTier | Action::IssueRecoveryAlone
    ) {
        assert!(!decision.allowed(), "a session never acts as an admin key");
    }
}

#[test]
fn every_combination_is_decided_as_the_table_says() {
    let generated = format!(
        "# Generated by src/policy/table_tests.rs from policy::decide; do not edit by hand.\n\
         # Sessions: way in, tier, state of the passkey that made it, age (fresh: within the\n\
         # privileged window), action -> decision.\n{}\
         # Admin keys (key of Ana): role, tier recovery follows, recovery.require_approval, action -> decision.\n{}",
        session_table(),
        admin_table()
    );
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/policy/decisions.txt");
    if std::env::var_os("LATCHKEY_WRITE_POLICY_TABLE").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap();
    let changed: Vec<_> = generated
        .lines()
        .zip(committed.lines())
        .filter(|(a, b)| a != b)
        .take(5)
        .collect();
    assert!(
        changed.is_empty() && generated.lines().count() == committed.lines().count(),
        "policy::decide no longer matches src/policy/decisions.txt (first differences, generated vs committed): {changed:#?}"
    );
}

/// Someone who can read only the victim's mailbox, on a `regulated` deployment (every account
/// `high_value`, a day's cooldown on passkeys saved from email sessions).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Intruder {
    /// Seconds since the start; every step takes one (never near the cooldown).
    now: i64,
    /// The passkeys the intruder saved: when, and whether still cooling.
    passkeys: Vec<(i64, bool)>,
    /// The identity's backup-code set: when it was made and whether the intruder knows it.
    codes: Option<(i64, bool)>,
    /// The intruder's session: made or lifted by which of their passkeys, and the session grant.
    session: Option<(Option<usize>, bool, Aal, i64, bool)>,
}

const COOLDOWN_SECONDS: i64 = 24 * 3600;

impl Intruder {
    fn at(&self, seconds: i64) -> OffsetDateTime {
        datetime!(2026-01-01 00:00 UTC) + Duration::seconds(seconds)
    }

    fn state(&self, passkey: usize) -> PasskeyState {
        match self.passkeys.get(passkey) {
            Some((saved, true)) => PasskeyState::Cooling {
                until: self.at(saved + COOLDOWN_SECONDS),
            },
            _ => PasskeyState::Established,
        }
    }

    /// The intruder's session as policy sees it now.
    fn facts(&self) -> Option<SessionFacts> {
        let (made_by, restricted, aal, since, by_passkey) = self.session?;
        let methods = if by_passkey {
            vec![AuthenticationMethod {
                method: Method::Passkey,
                aal: Aal::Aal2,
                completed_at: self.at(since),
            }]
        } else {
            vec![AuthenticationMethod {
                method: Method::Code,
                aal: Aal::Aal1,
                completed_at: self.at(since),
            }]
        };
        let session = Session {
            aal,
            methods,
            restricted,
            ..session_of(session_for_sign_in(
                Method::Code,
                false,
                Tier::HighValue,
                self.at(since),
                DAY,
                false,
            ))
        };
        Some(session_facts(
            &session,
            Tier::HighValue,
            made_by.map(|p| self.state(p)),
            self.at(self.now),
            WINDOW,
        ))
    }

    fn allowed(&self, action: &Action) -> bool {
        self.facts()
            .is_some_and(|facts| decide(&Facts::Session(facts), action).allowed())
    }

    /// Everything the intruder can do next.
    fn moves(&self) -> Vec<Intruder> {
        let mut next = Vec::new();
        let mut step = self.clone();
        step.now += 1;
        // Sign in by email (they read the mailbox).
        let grant = session_for_sign_in(Method::Code, false, Tier::HighValue, step.at(step.now), DAY, false);
        next.push(Intruder {
            session: Some((None, grant.restricted, grant.aal, step.now, false)),
            ..step.clone()
        });
        // Sign in with a passkey of theirs.
        for p in 0..self.passkeys.len() {
            let cooling = matches!(step.state(p), PasskeyState::Cooling { .. });
            let grant = session_for_sign_in(Method::Passkey, true, Tier::HighValue, step.at(step.now), DAY, cooling);
            next.push(Intruder {
                session: Some((Some(p), grant.restricted, grant.aal, step.now, true)),
                ..step.clone()
            });
        }
        if let Some((made_by, restricted, _, _, _)) = self.session {
            // Save a passkey in this session: guarded (cooling) when the session is restricted.
            if self.allowed(&Action::AddPasskey) && self.passkeys.len() < 2 {
                let mut saved = step.clone();
                saved.passkeys.push((step.now, restricted));
                let p = saved.passkeys.len() - 1;
                saved.session = Some((Some(p), restricted, Aal::Aal2, step.now, true));
                next.push(saved);
            }
            if self.allowed(&Action::CreateBackupCodes) {
                next.push(Intruder {
                    codes: Some((step.now, true)),
                    ..step.clone()
                });
            }
            // Confirm the passkey that made this session with a backup code they know.
            if let (Some(p), Some((made, true))) = (made_by, self.codes) {
                let older = self.passkeys.get(p).is_some_and(|(saved, _)| made < *saved);
                if self.allowed(&Action::ConfirmCoolingPasskey(Confirmation::BackupCode { older })) {
                    let mut confirmed = step.clone();
                    if let Some(passkey) = confirmed.passkeys.get_mut(p) {
                        passkey.1 = false;
                    }
                    confirmed.session = Some((Some(p), false, Aal::Aal2, step.now, true));
                    next.push(confirmed);
                }
            }
            // Step up with one of their passkeys, naming another (or the same) to confirm.
            for by in 0..self.passkeys.len() {
                for target in 0..self.passkeys.len() {
                    let confirmation = if by == target {
                        Confirmation::Itself
                    } else {
                        Confirmation::Passkey(self.state(by))
                    };
                    if self.allowed(&Action::ConfirmCoolingPasskey(confirmation)) {
                        let mut confirmed = step.clone();
                        if let Some(passkey) = confirmed.passkeys.get_mut(target) {
                            passkey.1 = false;
                        }
                        let cooling = matches!(confirmed.state(by), PasskeyState::Cooling { .. });
                        confirmed.session = Some((Some(by), cooling, Aal::Aal2, step.now, true));
                        next.push(confirmed);
                    }
                }
            }
        }
        next
    }
}

#[test]
fn no_attacker_sequence_lifts_a_restriction() {
    let start = Intruder {
        now: 0,
        passkeys: Vec::new(),
        // The owner's set, made long before, which the intruder does not know.
        codes: Some((-1000, false)),
        session: None,
    };
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([(start, 0)]);
    let mut two_passkeys_reached = false;
    while let Some((state, depth)) = queue.pop_front() {
        if !seen.insert(state.clone()) {
            continue;
        }
        two_passkeys_reached |= state.passkeys.len() == 2;
        if let Some(facts) = state.facts() {
            assert!(
                facts.restriction.is_some(),
                "an unrestricted session was reached: {state:?}"
            );
            for action in [
                Action::CreateBackupCodes,
                Action::DisablePassword,
                Action::RemovePasskey,
                Action::ChangeAddresses,
                Action::EndOtherSessions,
                Action::MeetLevel(Level::Aal2),
            ] {
                assert!(!state.allowed(&action), "{action:?} was allowed in {state:?}");
            }
        }
        assert!(
            state.passkeys.iter().all(|(_, cooling)| *cooling),
            "an intruder's passkey was confirmed: {state:?}"
        );
        if depth < 6 {
            queue.extend(state.moves().into_iter().map(|s| (s, depth + 1)));
        }
    }
    assert!(
        two_passkeys_reached,
        "the walk saved two passkeys ({} states): it explored the guard, not only sign-ins",
        seen.len()
    );
}

/// The README's table "Sign-in paths and what they may do" says what `decide` does: every cell,
/// read as allow ("yes ..."), step-up ("step-up") or refusal ("no", "403"), matches the decision
/// for a fresh session of that way in and tier (both tiers for "any").
#[test]
fn the_readme_sign_in_table_says_what_decide_does() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme.split("### Sign-in paths and what they may do").nth(1).unwrap();
    let rows: Vec<Vec<String>> = section
        .lines()
        .skip_while(|l| !l.starts_with("| way in"))
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().replace("**", ""))
                .collect()
        })
        .collect();
    let header = &rows[0];
    let columns: Vec<(usize, Action)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let action = match name.as_str() {
                "read account" => Action::ReadAccount,
                "rename passkey" => Action::RenamePasskey,
                "new backup codes" => Action::CreateBackupCodes,
                "add/confirm address" => Action::ChangeAddresses,
                "remove passkey" => Action::RemovePasskey,
                "add passkey" => Action::AddPasskey,
                "end other sessions" => Action::EndOtherSessions,
                "`required_aal=aal2`" => Action::MeetLevel(Level::Aal2),
                _ => return None,
            };
            Some((i, action))
        })
        .collect();
    assert_eq!(columns.len(), 8, "every action column is recognised: {header:?}");
    let cooling = Some(PasskeyState::Cooling {
        until: datetime!(2026-01-02 12:00 UTC),
    });
    let mut checked = 0;
    for row in rows.iter().skip(2) {
        let (way, made_by) = match row[0].as_str() {
            "passkey (user verified)" => (Way::Passkey, Some(PasskeyState::Established)),
            "passkey still cooling" => (Way::Passkey, cooling),
            "email code or link" => (Way::EmailCode, None),
            "backup code" => (Way::BackupCode, None),
            "admin recovery link" => (Way::Recovery, None),
            other => panic!("a README row this test does not know: {other}"),
        };
        let tiers = match row[1].as_str() {
            "standard" => vec![Tier::Standard],
            "high_value" => vec![Tier::HighValue],
            _ => vec![Tier::Standard, Tier::HighValue],
        };
        for tier in tiers {
            let facts = facts_after(way, tier, made_by, Duration::minutes(1));
            assert_eq!(row[2], facts.aal.as_str(), "aal of {row:?}");
            assert_eq!(
                row[3].starts_with("yes"),
                facts.restriction.is_some(),
                "restricted of {row:?}"
            );
            for (i, action) in &columns {
                let cell = &row[*i];
                let decision = decide(&Facts::Session(facts), action);
                let says = if cell.starts_with("yes") {
                    decision.allowed()
                } else if cell.starts_with("step-up") {
                    decision == Decision::Deny(Denial::StepUpRequired)
                } else {
                    assert!(
                        cell.starts_with("no") || cell.starts_with("403"),
                        "unreadable cell {cell:?}"
                    );
                    !decision.allowed()
                };
                assert!(
                    says,
                    "README says {cell:?} for {action:?} in {row:?} ({}), decide says {decision:?}",
                    tier.as_str()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 8 * 10, "{checked} cells checked");
}

/// One admin (Ana, with as many keys as she likes) and a `high_value` identity: what can she
/// reach alone within `days` days, by changing the tier, waiting, requesting and approving?
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct OnePerson {
    tier: Tier,
    high_value_until: Option<OffsetDateTime>,
    day: i64,
    /// A link she asked for waits for approval.
    pending: bool,
    /// A link exists that she got without a second person.
    issued: bool,
}

impl OnePerson {
    fn identity(&self) -> crate::domain::Identity {
        crate::domain::Identity {
            id: uuid::Uuid::nil(),
            schema_id: "default".into(),
            state: crate::domain::IdentityState::Active,
            user_handle: uuid::Uuid::nil(),
            email: "vip@example.com".into(),
            tier: self.tier,
            high_value_until: self.high_value_until,
            created_at: datetime!(2026-01-01 00:00 UTC),
            updated_at: datetime!(2026-01-01 00:00 UTC),
        }
    }

    fn now(&self) -> OffsetDateTime {
        datetime!(2026-01-01 00:00 UTC) + Duration::days(self.day)
    }

    fn may(&self, action: &Action, policy: &PolicyConfig) -> bool {
        let facts = Facts::Admin(AdminFacts {
            role: Role::Admin,
            person: "Ana".into(),
            recovery_tier: recovery_tier(&self.identity(), policy, self.now()),
            approval: Approval::HighValue,
        });
        decide(&facts, action).allowed()
    }

    fn moves(&self, policy: &PolicyConfig, last_day: i64) -> Vec<OnePerson> {
        let mut next = Vec::new();
        for to in [Tier::Standard, Tier::HighValue] {
            if to != self.tier && self.may(&Action::ChangeTier, policy) {
                let change = tier_change(&self.identity(), to, policy, self.now());
                next.push(OnePerson {
                    tier: to,
                    high_value_until: change.high_value_until,
                    // Raising cancels the links issued under the lower tier.
                    pending: self.pending && !change.raised,
                    issued: self.issued && !change.raised,
                    ..self.clone()
                });
            }
        }
        if self.day < last_day {
            next.push(OnePerson {
                day: self.day + 1,
                ..self.clone()
            });
        }
        if self.may(&Action::RequestRecovery, policy) {
            let alone = self.may(&Action::IssueRecoveryAlone, policy);
            next.push(OnePerson {
                pending: !alone,
                issued: self.issued || alone,
                ..self.clone()
            });
        }
        let own_approval = Action::ApproveRecovery {
            requester: "Ana".into(),
            requester_revoked: false,
        };
        if self.pending && self.may(&own_approval, policy) {
            next.push(OnePerson {
                pending: false,
                issued: true,
                ..self.clone()
            });
        }
        next
    }
}

/// Every state one person reaches within `last_day` days, starting `high_value`.
fn reachable_alone(last_day: i64) -> Vec<OnePerson> {
    let policy = crate::config::Config::dev_default().unwrap().policy;
    let start = OnePerson {
        tier: Tier::HighValue,
        high_value_until: None,
        day: 0,
        pending: false,
        issued: false,
    };
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([start]);
    while let Some(state) = queue.pop_front() {
        if seen.insert(state.clone()) {
            queue.extend(state.moves(&policy, last_day));
        }
    }
    seen.into_iter().collect()
}

#[test]
fn one_person_never_gets_a_high_value_link_alone_by_lowering_the_tier() {
    let within_the_wait = reachable_alone(TIER_LOWERING_WAIT.whole_days() - 1);
    assert!(
        within_the_wait.iter().all(|s| !s.issued),
        "a link without a second person: {:?}",
        within_the_wait.iter().find(|s| s.issued)
    );
    assert!(
        within_the_wait.iter().any(|s| s.pending && s.tier == Tier::Standard),
        "the walk lowered the tier and asked"
    );
    // After the wait the identity is standard for recovery too: the rule is a wait, not a wall.
    let after_the_wait = reachable_alone(TIER_LOWERING_WAIT.whole_days() + 1);
    assert!(after_the_wait.iter().any(|s| s.issued && s.tier == Tier::Standard));
}
