//! Read-only markup built as text.
//!
//! Size trick: every element written by Leptos' `view!` costs code in the wasm bundle (one
//! monomorphization per element, attribute and child type), while markup written here is
//! data. Views that only show text — tables of records, hex dumps, previews, lists of
//! messages — are built by pure, host-tested functions with [`Markup`] and set with
//! `inner_html`; controls stay in `view!`, or are plain buttons inside the markup whose
//! clicks one delegated listener reads ([`action_of`]).
//!
//! Invariant: every dynamic text and attribute value goes through
//! [`escape_html`]; only the fixed tag and attribute
//! names given by the callers are written verbatim.

use fwpolicy_core::formats::report::escape_html;

/// A markup string under construction.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Markup {
    out: String,
}

impl Markup {
    /// Empty markup.
    pub fn new() -> Markup {
        Markup::default()
    }

    /// `<tag a="v" …>`, values escaped.
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Markup {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&escape_html(value));
            self.out.push('"');
        }
        self.out.push('>');
        self
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &str) -> &mut Markup {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// Escaped text.
    pub fn text(&mut self, text: &str) -> &mut Markup {
        self.out.push_str(&escape_html(text));
        self
    }

    /// Appends markup built by another function of this kind (already escaped).
    pub fn markup(&mut self, markup: &str) -> &mut Markup {
        self.out.push_str(markup);
        self
    }

    /// `<tag …>text</tag>`.
    pub fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Markup {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// The markup.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Fills the `{}` holes of a markup template with `parts`, in order (extra holes stay
/// empty). Fixed markup written as one template is data in the bundle rather than code; the
/// parts must be markup already (escape text with [`escape`]).
pub fn fill(template: &str, parts: &[&str]) -> String {
    let mut out =
        String::with_capacity(template.len() + parts.iter().map(|p| p.len()).sum::<usize>());
    let mut rest = template;
    let mut parts = parts.iter();
    while let Some((before, after)) = rest.split_once("{}") {
        out.push_str(before);
        out.push_str(parts.next().copied().unwrap_or(""));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Text escaped for markup (content or a quoted attribute value).
pub fn escape(text: &str) -> String {
    escape_html(text)
}

/// `<ul class="…">` with one `<li>` per item (nothing for no items).
pub fn list(class: &str, items: &[String]) -> String {
    let mut m = Markup::new();
    if !items.is_empty() {
        m.open("ul", &[("class", class)]);
        for item in items {
            m.leaf("li", &[], item);
        }
        m.close("ul");
    }
    m.finish()
}

/// A group of radio buttons or check boxes written by [`Choices::write`]: each box is inside
/// its `<label>` (its accessible name), has the id `<id>-<i>` (so focus survives a re-render)
/// and `data-act` / `data-i` for a delegated `change` listener.
#[derive(Debug, Clone, Copy)]
pub struct Choices<'a> {
    /// `radio` or `checkbox`.
    pub kind: &'a str,
    /// The radio group's `name` (ignored for check boxes).
    pub name: &'a str,
    /// Id prefix of the boxes.
    pub id: &'a str,
    /// The boxes' `data-act`.
    pub act: &'a str,
    /// Class of each `<label>`; the checked one also gets `on` when `mark_on` is set.
    pub class: &'a str,
    /// Mark the checked box's label with the class `on`.
    pub mark_on: bool,
}

impl Choices<'_> {
    /// Writes one labelled box per item: (label, checked, extra text in a `.meta` span or
    /// empty).
    pub fn write(&self, m: &mut Markup, items: &[(&str, bool, String)]) {
        for (i, (label, checked, meta)) in items.iter().enumerate() {
            let class = if self.mark_on && *checked {
                format!("{} on", self.class)
            } else {
                self.class.to_string()
            };
            let id = format!("{}-{i}", self.id);
            let index = i.to_string();
            let mut attrs = vec![("type", self.kind)];
            if self.kind == "radio" {
                attrs.push(("name", self.name));
            }
            attrs.extend([
                ("id", id.as_str()),
                ("data-act", self.act),
                ("data-i", index.as_str()),
            ]);
            if *checked {
                attrs.push(("checked", ""));
            }
            m.open("label", &[("class", &class)])
                .open("input", &attrs)
                .text(label);
            if !meta.is_empty() {
                m.leaf("span", &[("class", "meta")], meta);
            }
            m.close("label");
        }
    }
}

/// A labelled text field and its message list (`<ul class="field-messages" id="<id>-msg">`
/// holding `messages`): `attrs` are the `<input>`'s attributes besides `id` and `value`.
pub fn text_field(
    m: &mut Markup,
    class: &str,
    id: &str,
    label: &str,
    value: &str,
    attrs: &[(&str, &str)],
    messages: &str,
) {
    let msg_id = format!("{id}-msg");
    let mut all = vec![("id", id), ("value", value), ("aria-describedby", &msg_id)];
    all.extend_from_slice(attrs);
    m.open("div", &[("class", class)])
        .leaf("label", &[("for", id), ("class", "field-label")], label)
        .open("input", &all)
        .open("ul", &[("class", "field-messages"), ("id", &msg_id)])
        .markup(messages)
        .close("ul")
        .close("div");
}

/// The action and index of a delegated click: the nearest element (from the event target
/// up) with a `data-act` attribute, and its `data-i` number (0 when absent).
pub fn action_of(ev: &web_sys::Event) -> Option<(String, usize)> {
    use wasm_bindgen::JsCast;
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let el = target.closest("[data-act]").ok()??;
    let act = el.get_attribute("data-act")?;
    let index = el
        .get_attribute("data-i")
        .and_then(|i| i.parse().ok())
        .unwrap_or(0);
    Some((act, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attribute_values_are_escaped() {
        let mut m = Markup::new();
        m.open("td", &[("title", "a\"b<c>")])
            .text("<script>&")
            .close("td");
        assert_eq!(
            m.finish(),
            "<td title=\"a&quot;b&lt;c&gt;\">&lt;script&gt;&amp;</td>"
        );
    }

    #[test]
    fn choices_are_labelled_boxes_with_ids_and_actions() {
        let mut m = Markup::new();
        Choices {
            kind: "radio",
            name: "g",
            id: "g",
            act: "state",
            class: "radio",
            mark_on: true,
        }
        .write(
            &mut m,
            &[("A", false, String::new()), ("B", true, " (b)".into())],
        );
        assert_eq!(
            m.finish(),
            "<label class=\"radio\"><input type=\"radio\" name=\"g\" id=\"g-0\" data-act=\"state\" data-i=\"0\">A</label>\
             <label class=\"radio on\"><input type=\"radio\" name=\"g\" id=\"g-1\" data-act=\"state\" data-i=\"1\" checked=\"\">B<span class=\"meta\"> (b)</span></label>"
        );
    }

    #[test]
    fn a_text_field_has_its_label_value_and_message_list() {
        let mut m = Markup::new();
        text_field(
            &mut m,
            "field",
            "p",
            "Port",
            "80\"",
            &[("type", "text")],
            "",
        );
        assert_eq!(
            m.finish(),
            "<div class=\"field\"><label for=\"p\" class=\"field-label\">Port</label>\
             <input id=\"p\" value=\"80&quot;\" aria-describedby=\"p-msg\" type=\"text\">\
             <ul class=\"field-messages\" id=\"p-msg\"></ul></div>"
        );
    }

    #[test]
    fn templates_are_filled_in_order() {
        assert_eq!(
            fill("<p id=\"{}\">{}</p>{}", &["a", "b&amp;"]),
            "<p id=\"a\">b&amp;</p>"
        );
        assert_eq!(fill("no holes", &["x"]), "no holes");
        assert_eq!(escape("<\""), "&lt;&quot;");
    }

    #[test]
    fn a_list_of_nothing_is_no_markup() {
        assert_eq!(list("x", &[]), "");
        assert_eq!(
            list("x", &["a & b".to_string()]),
            "<ul class=\"x\"><li>a &amp; b</li></ul>"
        );
    }
}
