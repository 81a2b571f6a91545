//! HTML for what the owner prints and sees: every text the review and the charts write into
//! markup goes through [`esc`].

/// Escapes text for HTML element content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_markup_inert() {
        assert_eq!(
            esc("<img onerror=alert(1)>&\"'"),
            "&lt;img onerror=alert(1)&gt;&amp;&quot;&#39;"
        );
    }
}
