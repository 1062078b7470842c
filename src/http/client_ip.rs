//! Which address a request comes from, behind reverse proxies.
//!
//! # Security
//! A proxy appends the address it received the request from to `X-Forwarded-For` (or the header
//! the operator names), either to the last line or as a line of its own (HAProxy's `option
//! forwardfor`). Everything left of the entries the operator's own proxies added is the client's
//! to forge. So every line of the header is read, in order, and the client's address is the entry
//! the nearest untrusted hop added: counted from the right past `trusted_proxies` proxies, or
//! past every entry inside the trusted networks. A header that holds fewer entries than the
//! proxies should have added, or an entry that is no address, is not believed: the peer address
//! counts then.

use std::net::{IpAddr, SocketAddr};

use ipnet::IpNet;

/// Which proxies in front of latchkey add to the client-address header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustedProxies {
    /// This many proxies, each adding one entry.
    Count(usize),
    /// Proxies whose addresses lie in these networks; the peer must be one of them too.
    Networks(Vec<IpNet>),
}

/// The client's address from the header's lines (in the order received) and the peer address.
pub fn client_address<'a>(
    lines: impl Iterator<Item = &'a str>,
    trusted: &TrustedProxies,
    peer: Option<IpAddr>,
) -> Option<IpAddr> {
    let joined: Vec<&str> = lines.collect();
    let entries: Vec<Option<IpAddr>> = joined
        .iter()
        .flat_map(|line| line.split(','))
        .map(|entry| address(entry.trim()))
        .collect();
    let from_header = match trusted {
        TrustedProxies::Count(proxies) => entries
            .len()
            .checked_sub(*proxies)
            .and_then(|i| entries.get(i).copied().flatten()),
        TrustedProxies::Networks(networks) => {
            let trusted = |ip: &IpAddr| networks.iter().any(|n| n.contains(ip));
            if peer.is_some_and(|peer| trusted(&peer)) {
                entries
                    .iter()
                    .rev()
                    .find(|entry| entry.is_none_or(|ip| !trusted(&ip)))
                    .copied()
                    .flatten()
            } else {
                None
            }
        }
    };
    from_header.or(peer)
}

/// An entry as proxies write it: an address, or an address with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:443`).
fn address(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    const PEER: &str = "10.0.0.2";

    fn from(lines: &[&str], trusted: &TrustedProxies) -> Option<IpAddr> {
        client_address(lines.iter().copied(), trusted, Some(ip(PEER)))
    }

    /// Edge finding 5: behind HAProxy's `option forwardfor` the proxy's entry is a line of its
    /// own after the client's forged one; only the first line used to be read.
    #[test]
    fn every_line_counts_and_the_nearest_proxys_entry_wins() {
        let one = TrustedProxies::Count(1);
        assert_eq!(from(&["6.6.6.6", "203.0.113.7"], &one), Some(ip("203.0.113.7")));
        assert_eq!(from(&["6.6.6.6, 203.0.113.7"], &one), Some(ip("203.0.113.7")));
        let two = TrustedProxies::Count(2);
        assert_eq!(
            from(&["6.6.6.6, 203.0.113.7", "10.0.0.9"], &two),
            Some(ip("203.0.113.7")),
            "the CDN's entry, then the load balancer's"
        );
        assert_eq!(
            from(&["203.0.113.7"], &two),
            Some(ip(PEER)),
            "too few entries: not believed"
        );
        assert_eq!(from(&[], &one), Some(ip(PEER)));
        assert_eq!(
            from(&["6.6.6.6, nonsense"], &one),
            Some(ip(PEER)),
            "garbage is no address"
        );
        assert_eq!(from(&["[2001:db8::1]:443"], &one), Some(ip("2001:db8::1")));
        assert_eq!(from(&["198.51.100.4:5678"], &one), Some(ip("198.51.100.4")));
    }

    #[test]
    fn trusted_networks_are_skipped_from_the_right_and_must_include_the_peer() {
        let nets = TrustedProxies::Networks(vec!["10.0.0.0/8".parse().unwrap(), "fd00::/8".parse().unwrap()]);
        assert_eq!(
            from(&["6.6.6.6, 203.0.113.7, 10.1.1.1", "10.0.0.9"], &nets),
            Some(ip("203.0.113.7"))
        );
        assert_eq!(from(&["10.1.1.1"], &nets), Some(ip(PEER)), "nothing but proxies");
        let direct = client_address(["203.0.113.7"].into_iter(), &nets, Some(ip("198.51.100.1")));
        assert_eq!(
            direct,
            Some(ip("198.51.100.1")),
            "a client connecting directly forges nothing"
        );
    }

    #[test]
    fn any_header_text_gives_an_address_or_the_peer_and_never_panics() {
        let one = TrustedProxies::Count(1);
        for hostile in [
            "",
            ",",
            ",,,",
            " , ",
            "1.2.3.4,",
            "é, 🦀",
            "[::1",
            "1.2.3.4:99999",
            "::ffff:1.2.3.4",
        ] {
            let got = from(&[hostile], &one);
            assert!(got.is_some(), "{hostile:?}");
        }
    }
}
