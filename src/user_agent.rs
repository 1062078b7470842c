//! What a `User-Agent` header says in words people use ("Chrome", "Linux"), for naming passkeys
//! and telling a user in an email which browser asked for it. Only a hint: clients can send
//! anything here, so nothing decides on it.

/// The browser and operating system named by `user_agent`, when recognised.
pub fn browser_and_os(user_agent: &str) -> (Option<&'static str>, Option<&'static str>) {
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| name);
    let os = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| name);
    (browser, os)
}

/// "Chrome on Linux", for messages; "an unrecognised browser" when nothing is recognised.
pub fn summary(user_agent: &str) -> String {
    match browser_and_os(user_agent) {
        (Some(b), Some(o)) => format!("{b} on {o}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(o)) => format!("a browser on {o}"),
        (None, None) => "an unrecognised browser".to_owned(),
    }
}
