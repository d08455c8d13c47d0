//! Reads the expressions in a page body once, before any trust is known:
//! `{{ path.to.value }}`, `{{ component("arg") }}` and block components
//! `{% name("arg") %} ... {% end %}`. Text inside code spans and code
//! blocks is never read as an expression.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::diagnostics::{Code, Diagnostic};

/// One piece of a page body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// Markdown exactly as the author typed it.
    Text(Range<usize>),
    /// `{{ a.b.c }}`: a value from the rule data or the trust.
    Value {
        /// The dotted path, each segment with its place.
        path: Vec<(String, Range<usize>)>,
        /// The whole expression, braces included.
        range: Range<usize>,
        /// Whether it stands in raw HTML, where the value is escaped as
        /// HTML rather than as markdown (which raw HTML does not read).
        in_html: bool,
    },
    /// `{{ name("arg") }}`: a component rendered by the theme.
    Component(Call),
    /// `{% name("arg") %} ... {% end %}`: a component wrapping markdown.
    Block {
        /// The opening tag.
        call: Call,
        /// The markdown inside.
        body: Vec<Node>,
        /// The `{% end %}` tag.
        end: Range<usize>,
    },
}

/// A component call: its name and string arguments.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    /// The component name.
    pub(crate) name: String,
    /// Where the name is.
    pub(crate) name_range: Range<usize>,
    /// The string arguments, each with its place (quotes included).
    pub(crate) args: Vec<(String, Range<usize>)>,
    /// The whole expression or tag.
    pub(crate) range: Range<usize>,
}

/// A page body read into nodes, ready to be evaluated for any trust.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PageTemplate {
    /// The top-level nodes, in order.
    pub(crate) nodes: Vec<Node>,
}

/// Parses the body `text[start..]` of a file. Offsets are into the whole
/// file so that diagnostics point at the file as the author sees it.
pub(crate) fn parse_body(file: &str, text: &str, start: usize) -> (PageTemplate, Vec<Diagnostic>) {
    let Regions { code, html } = regions(&text[start..], start);
    let mut parser = BodyParser {
        file,
        text,
        code,
        html,
        diagnostics: Vec::new(),
    };
    let tokens = parser.tokens(start);
    let nodes = parser.nest(tokens);
    (PageTemplate { nodes }, parser.diagnostics)
}

/// Where an expression in the body is not in markdown: code spans, code
/// blocks and math (not read at all), and raw HTML (read as HTML).
#[derive(Default)]
struct Regions {
    code: Vec<Range<usize>>,
    html: Vec<Range<usize>>,
}

/// The byte ranges (in file offsets) of the body's code and raw HTML.
fn regions(body: &str, offset: usize) -> Regions {
    let mut regions = Regions::default();
    let may_hold_html = memchr::memchr(b'<', body.as_bytes()).is_some() && has_expression(body);
    if !may_hold_code(body) && !may_hold_html {
        // Parsing the markdown is most of this stage's work, and most
        // pages cannot hold code or HTML, or have no expression in them.
        return regions;
    }
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        let range = range.start + offset..range.end + offset;
        match event {
            Event::Code(_)
            | Event::Start(Tag::CodeBlock(_))
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => regions.code.push(range),
            Event::Html(_) | Event::InlineHtml(_) => regions.html.push(range),
            _ => {}
        }
    }
    regions
}

fn has_expression(body: &str) -> bool {
    body.contains("{{") || body.contains("{%")
}

/// Whether code (or math) could hide an expression in `body`: only if there
/// is an expression at all, and a backtick, tilde, dollar sign, tab or four
/// spaces in a row, without which markdown has no code span, fenced or
/// indented code block, or math.
fn may_hold_code(body: &str) -> bool {
    has_expression(body)
        && (memchr::memchr3(b'`', b'~', b'$', body.as_bytes()).is_some()
            || memchr::memchr(b'\t', body.as_bytes()).is_some()
            || body.contains("    "))
}

/// A flat token before blocks are matched with their ends.
enum Token {
    Node(Node),
    Open(Call),
    End(Range<usize>),
}

struct BodyParser<'a> {
    file: &'a str,
    text: &'a str,
    code: Vec<Range<usize>>,
    html: Vec<Range<usize>>,
    diagnostics: Vec<Diagnostic>,
}

impl BodyParser<'_> {
    fn in_code(&self, offset: usize) -> bool {
        self.code.iter().any(|r| r.contains(&offset))
    }

    /// Splits the body into text and expression tokens.
    fn tokens(&mut self, start: usize) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut text_start = start;
        let mut at = start;
        while let Some(found) = find_opener(self.text, at) {
            if self.in_code(found) {
                at = found + 2;
                continue;
            }
            let closer = if self.text[found..].starts_with("{{") {
                "}}"
            } else {
                "%}"
            };
            let Some(close) = self.text[found + 2..].find(closer).map(|i| found + 2 + i) else {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::ExprSyntax,
                        format!("this `{}` is never closed", &self.text[found..found + 2]),
                    )
                    .at(self.file, found..found + 2)
                    .help(format!(
                        "end the expression with `{closer}` on the same line"
                    )),
                );
                at = found + 2;
                continue;
            };
            if text_start < found {
                tokens.push(Token::Node(Node::Text(text_start..found)));
            }
            let range = found..close + 2;
            if let Some(token) = self.expression(range.clone(), closer == "%}") {
                tokens.push(token);
            }
            text_start = range.end;
            at = range.end;
        }
        if text_start < self.text.len() {
            tokens.push(Token::Node(Node::Text(text_start..self.text.len())));
        }
        tokens
    }

    /// Parses the inside of one `{{ }}` or `{% %}`.
    fn expression(&mut self, range: Range<usize>, is_tag: bool) -> Option<Token> {
        let inner = range.start + 2..range.end - 2;
        let source = &self.text[inner.clone()];
        if source.contains('\n') {
            self.error(
                range.clone(),
                "an expression must stay on one line",
                "put the whole expression on one line",
            );
            return None;
        }
        let lead = source.len() - source.trim_start().len();
        let body_start = inner.start + lead;
        let trimmed = source.trim();
        if is_tag && trimmed == "end" {
            return Some(Token::End(range));
        }
        if trimmed.contains('(') {
            self.call(body_start, trimmed, range.clone()).map(|call| {
                if is_tag {
                    Token::Open(call)
                } else {
                    Token::Node(Node::Component(call))
                }
            })
        } else if is_tag {
            self.error(
                range.clone(),
                "a block tag needs a component call, such as `{% warning(\"Bring proof of identity\") %}`",
                "write `{% name(...) %}` to open a block, and `{% end %}` to close it",
            );
            None
        } else {
            let in_html = self.html.iter().any(|r| r.contains(&range.start));
            self.path(body_start, trimmed, range.clone()).map(|path| {
                Token::Node(Node::Value {
                    path,
                    range: range.clone(),
                    in_html,
                })
            })
        }
    }

    fn path(
        &mut self,
        start: usize,
        text: &str,
        range: Range<usize>,
    ) -> Option<Vec<(String, Range<usize>)>> {
        let mut path = Vec::new();
        let mut at = start;
        for segment in text.split('.') {
            if !is_identifier(segment) {
                self.error(
                    range,
                    &format!("`{}` is not a value name", shortened(text)),
                    "write a name such as `deadlines.sar_response` or `trust.contacts.records.phone`",
                );
                return None;
            }
            path.push((segment.to_string(), at..at + segment.len()));
            at += segment.len() + 1;
        }
        Some(path)
    }

    fn call(&mut self, start: usize, text: &str, range: Range<usize>) -> Option<Call> {
        let open = text.find('(')?;
        let name = text[..open].trim_end();
        if !is_identifier(name) || !text.ends_with(')') {
            self.error(
                range,
                &format!("`{}` is not a component call", shortened(text)),
                "write a call such as `contact(\"records\")`",
            );
            return None;
        }
        let args_start = start + open + 1;
        let args_text = &text[open + 1..text.len() - 1];
        let args = self.arguments(args_start, args_text)?;
        Some(Call {
            name: name.to_string(),
            name_range: start..start + name.len(),
            args,
            range,
        })
    }

    /// Reads comma-separated quoted strings.
    fn arguments(&mut self, start: usize, text: &str) -> Option<Vec<(String, Range<usize>)>> {
        let args_end = start + text.len();
        let mut args = Vec::new();
        let mut rest = text;
        let mut at = start;
        loop {
            let lead = rest.len() - rest.trim_start().len();
            rest = &rest[lead..];
            at += lead;
            if rest.is_empty() {
                return Some(args);
            }
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
            let Some(end) = quote.and_then(|q| rest[1..].find(q)) else {
                let end = rest.find(',').map_or(args_end, |i| at + i);
                self.error(
                    at..end,
                    "arguments must be in quotes",
                    "write the argument in double quotes, for example `contact(\"records\")`",
                );
                return None;
            };
            args.push((rest[1..end + 1].to_string(), at..at + end + 2));
            rest = &rest[end + 2..];
            at += end + 2;
            let lead = rest.len() - rest.trim_start().len();
            rest = &rest[lead..];
            at += lead;
            match rest.strip_prefix(',') {
                Some(after) => {
                    rest = after;
                    at += 1;
                }
                None if rest.is_empty() => return Some(args),
                None => {
                    self.error(
                        at..args_end,
                        "expected a comma between arguments",
                        "separate arguments with `,`",
                    );
                    return None;
                }
            }
        }
    }

    /// Matches block openers with `{% end %}` and nests their bodies. A
    /// block opened more than [`MAX_BLOCK_DEPTH`] deep is reported and its
    /// text kept in the block around it, so that nothing later has to
    /// follow nesting without end (evaluating and dropping nodes recurse).
    fn nest(&mut self, tokens: Vec<Token>) -> Vec<Node> {
        // Each open block, and its body; `None` for one opened too deep,
        // whose text goes to the nearest block that has a body.
        let mut stack: Vec<(Call, Option<Vec<Node>>)> = Vec::new();
        let mut top = Vec::new();
        let mut too_deep = false;
        for token in tokens {
            match token {
                Token::Node(node) => body_of(&mut stack, &mut top).push(node),
                Token::Open(call) if stack.len() >= MAX_BLOCK_DEPTH => {
                    if !too_deep {
                        too_deep = true;
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::NestingTooDeep,
                                format!("this block is inside {} others; blocks may be nested {MAX_BLOCK_DEPTH} deep at most", stack.len()),
                            )
                            .at(self.file, call.range.clone())
                            .help("close the blocks around it first: a warning inside an inset is fine, but not this deep"),
                        );
                    }
                    stack.push((call, None));
                }
                Token::Open(call) => stack.push((call, Some(Vec::new()))),
                Token::End(end) => match stack.pop() {
                    Some((call, Some(body))) => {
                        body_of(&mut stack, &mut top).push(Node::Block { call, body, end });
                    }
                    Some((_, None)) => {}
                    None => self.diagnostics.push(
                        Diagnostic::new(
                            Code::BlockUnclosed,
                            "this `{% end %}` has no block to close",
                        )
                        .at(self.file, end)
                        .help("remove it, or open a block before it with `{% warning(\"...\") %}`"),
                    ),
                },
            }
        }
        while let Some((call, body)) = stack.pop() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::BlockUnclosed,
                    format!("the `{}` block is never closed", call.name),
                )
                .at(self.file, call.range.clone())
                .help("add `{% end %}` after the block's text"),
            );
            // Keep the text so that later stages still see it.
            if let Some(body) = body {
                body_of(&mut stack, &mut top).extend(body);
            }
        }
        top
    }

    fn error(&mut self, range: Range<usize>, message: &str, help: &'static str) {
        self.diagnostics.push(
            Diagnostic::new(Code::ExprSyntax, message)
                .at(self.file, range)
                .help(help),
        );
    }
}

/// How deep blocks may be nested: far more than any page needs, and few
/// enough that evaluating and dropping them never exhausts the stack.
pub(crate) const MAX_BLOCK_DEPTH: usize = 16;

/// Where a node read now belongs: the body of the innermost open block
/// that has one, else the page's top level.
fn body_of<'s>(
    stack: &'s mut [(Call, Option<Vec<Node>>)],
    top: &'s mut Vec<Node>,
) -> &'s mut Vec<Node> {
    match stack.iter_mut().rev().find_map(|(_, body)| body.as_mut()) {
        Some(body) => body,
        None => top,
    }
}

/// Text quoted in a message: the whole of it when short, else its start.
/// The diagnostic's place marks all of it anyway.
fn shortened(text: &str) -> String {
    const LONGEST: usize = 60;
    match text.char_indices().nth(LONGEST) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn find_opener(text: &str, from: usize) -> Option<usize> {
    // Every page's whole body is searched: `{` by memchr, then its neighbour.
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'{', bytes.get(from..)?)
        .map(|i| from + i)
        .find(|&i| matches!(bytes.get(i + 1), Some(b'{' | b'%')))
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (PageTemplate, Vec<Diagnostic>) {
        parse_body("p.md", text, 0)
    }

    #[test]
    fn reads_values_components_and_blocks() {
        let text = "Reply in {{ deadlines.sar_response }}.\n\n{{ contact(\"records\") }}\n\n{% warning(\"ID\") %}\nBring it.\n{% end %}\n";
        let (template, diagnostics) = parse(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(template.nodes.len(), 7);
        let Node::Value { path, range, .. } = &template.nodes[1] else {
            panic!()
        };
        assert_eq!(path[1].0, "sar_response");
        assert_eq!(&text[range.clone()], "{{ deadlines.sar_response }}");
        let Node::Component(call) = &template.nodes[3] else {
            panic!()
        };
        assert_eq!(
            (call.name.as_str(), call.args[0].0.as_str()),
            ("contact", "records")
        );
        assert!(matches!(&template.nodes[5], Node::Block { body, .. } if body.len() == 1));
    }

    #[test]
    fn never_reads_inside_code() {
        let text = "Write `{{ deadlines.x }}` like this:\n\n```\n{{ fees.y }}\n```\n";
        let (template, diagnostics) = parse(text);
        assert!(diagnostics.is_empty());
        assert!(template.nodes.iter().all(|n| matches!(n, Node::Text(_))));
        // Indented code, in a quote and at the top level, found without backticks.
        for text in [
            "Text.\n\n    {{ fees.y }}\n",
            "> Quote.\n>\n>     {{ fees.y }}\n",
        ] {
            let (template, _) = parse(text);
            assert!(
                template.nodes.iter().all(|n| matches!(n, Node::Text(_))),
                "{text}"
            );
        }
        let (template, _) = parse("Plain {{ fees.y }} text.\n");
        assert!(template.nodes.iter().any(|n| !matches!(n, Node::Text(_))));
    }

    #[test]
    fn reports_unclosed_expressions_and_blocks() {
        let (_, diagnostics) = parse("Oops {{ deadlines.x\n");
        assert_eq!(diagnostics[0].code, Code::ExprSyntax);
        assert_eq!(diagnostics[0].span.as_ref().unwrap().range, 5..7);
        let (_, diagnostics) = parse("{% inset() %}\nText\n");
        assert_eq!(diagnostics[0].code, Code::BlockUnclosed);
        let (_, diagnostics) = parse("Text\n{% end %}\n");
        assert_eq!(diagnostics[0].code, Code::BlockUnclosed);
    }

    #[test]
    fn reports_unquoted_arguments() {
        let (_, diagnostics) = parse("{{ contact(records) }}");
        assert_eq!(diagnostics[0].code, Code::ExprSyntax);
        assert_eq!(diagnostics[0].span.as_ref().unwrap().range, 11..18);
    }
}
