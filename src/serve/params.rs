//! Query-string parameters, read once and checked like the command line's flags: the filters go
//! through [`crate::commands::resolve_filters`], paging through [`crate::query::check_paging`], so a
//! parameter means what the flag of the same name means. Errors name the parameter (400).

use crate::cli::FilterArgs;
use crate::query::{Filters, Sort};

use super::state::ServeError;

/// Most results one request may ask for (`limit`).
pub const MAX_LIMIT: usize = 1000;

/// The filter parameters, named as the command line's flags.
pub const FILTERS: [&str; 7] = ["from", "to", "source", "dateline", "person", "place", "org"];

/// A request's parameters in the order given. An empty value counts as absent (HTML forms send
/// every field, filled or not).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Decodes a raw query string (`a=1&b=two+words`); a parameter given twice is refused.
    pub fn parse(raw: Option<&str>) -> Result<Params, ServeError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            if pairs.iter().any(|(seen, _)| *seen == k) {
                return Err(ServeError::bad_request(format!(
                    "parameter `{k}` is given more than once; give it once"
                )));
            }
            pairs.push((k.into_owned(), v.into_owned()));
        }
        Ok(Params(pairs))
    }

    /// Refuses a parameter this endpoint does not take (a typo would otherwise be ignored).
    pub fn only(&self, known: &[&str]) -> Result<(), ServeError> {
        match self.0.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            Some((k, _)) => Err(ServeError::bad_request(format!(
                "unknown parameter `{k}`; this address takes {}",
                known.join(", ")
            ))),
            None => Ok(()),
        }
    }

    /// A parameter's value, if given and not blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-blank parameter, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The filters, checked as `--from`, `--to`, `--source`… are.
    pub fn filters(&self) -> Result<Filters, ServeError> {
        let own = |name: &str| self.get(name).map(str::to_string);
        let args = FilterArgs {
            from: own("from"),
            to: own("to"),
            source: own("source"),
            dateline: own("dateline"),
            person: own("person"),
            place: own("place"),
            org: own("org"),
        };
        Ok(crate::commands::resolve_filters(&args)?)
    }

    /// `sort`: `relevance`, `date` or `-date`.
    pub fn sort(&self, default: Sort) -> Result<Sort, ServeError> {
        match self.get("sort") {
            None => Ok(default),
            Some(v) => <Sort as clap::ValueEnum>::from_str(v.trim(), false).map_err(|_| {
                ServeError::bad_request(format!(
                    "invalid sort {v:?}: it must be relevance, date or -date"
                ))
            }),
        }
    }

    /// `limit` (1 to [`MAX_LIMIT`]) and `offset`, checked as `--limit` and `--offset` are.
    pub fn paging(&self, default_limit: usize) -> Result<(usize, usize), ServeError> {
        let limit = self.integer("limit", default_limit as i64)?;
        if !(1..=MAX_LIMIT as i64).contains(&limit) {
            return Err(ServeError::bad_request(format!(
                "invalid limit \"{limit}\": must be from 1 to {MAX_LIMIT}"
            )));
        }
        let offset = self.integer("offset", 0)?;
        Ok(crate::query::check_paging(limit, offset)?)
    }

    /// A count parameter from 0 to `max`.
    pub fn count(&self, name: &str, default: usize, max: usize) -> Result<usize, ServeError> {
        let n = self.integer(name, default as i64)?;
        if !(0..=max as i64).contains(&n) {
            return Err(ServeError::bad_request(format!(
                "invalid {name} \"{n}\": must be from 0 to {max}"
            )));
        }
        Ok(n as usize)
    }

    /// A yes/no parameter: `1`, `true`, `on` or `yes` for yes, `0`, `false`, `off` or `no` (or
    /// absent) for no.
    pub fn flag(&self, name: &str) -> Result<bool, ServeError> {
        match self.get(name).map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(false),
            Some(v) => match v.as_str() {
                "1" | "true" | "on" | "yes" => Ok(true),
                "0" | "false" | "off" | "no" => Ok(false),
                _ => Err(ServeError::bad_request(format!(
                    "invalid {name} {v:?}: use 1 or 0"
                ))),
            },
        }
    }

    fn integer(&self, name: &str, default: i64) -> Result<i64, ServeError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v.trim().parse::<i64>().map_err(|_| {
                ServeError::bad_request(format!("invalid {name} {v:?}: it must be a whole number"))
            }),
        }
    }
}

/// A URL of this server: `path` and parameters, encoded (values are untrusted text).
pub fn url<'a>(path: &str, params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (k, v) in params {
        ser.append_pair(k, v);
        any = true;
    }
    if any {
        format!("{path}?{}", ser.finish())
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(raw: &str) -> Params {
        Params::parse(Some(raw)).unwrap()
    }

    #[test]
    fn values_and_blanks() {
        let params = p("q=crude+oil&from=&person=Sean%20McCormack");
        assert_eq!(params.get("q"), Some("crude oil"));
        assert_eq!(params.get("from"), None);
        assert_eq!(params.get("person"), Some("Sean McCormack"));
        assert_eq!(params.pairs().count(), 2);
        assert!(Params::parse(Some("q=a&q=b")).is_err());
        assert!(params.only(&["q", "from", "person"]).is_ok());
        let err = params.only(&["q"]).unwrap_err();
        assert!(err.message.contains("`from`"), "{}", err.message);
    }

    #[test]
    fn checks_like_the_flags() {
        let cases: [(&str, Option<(usize, usize)>); 7] = [
            ("", Some((10, 0))),
            ("limit=1000&offset=5", Some((1000, 5))),
            ("limit=1001", None),
            ("limit=0", None),
            ("limit=ten", None),
            ("offset=-1", None),
            ("offset=99999999999", None),
        ];
        for (raw, want) in cases {
            assert_eq!(p(raw).paging(10).ok(), want, "{raw}");
        }
        assert_eq!(
            p("sort=-date").sort(Sort::Relevance).unwrap(),
            Sort::DateDesc
        );
        assert!(p("sort=newest").sort(Sort::Relevance).is_err());
        let err = p("from=2009-02&to=2009-01").filters().unwrap_err();
        assert!(err.message.starts_with("invalid from"), "{}", err.message);
        assert!(p("from=2009-13").filters().is_err());
        assert_eq!(
            p("person=X&from=2009").filters().unwrap().person.as_deref(),
            Some("X")
        );
        assert_eq!(p("top=5").count("top", 10, 100).unwrap(), 5);
        assert!(p("top=500").count("top", 10, 100).is_err());
    }

    #[test]
    fn urls_encode_untrusted_values() {
        assert_eq!(url("/", []), "/");
        assert_eq!(
            url("/", [("q", "a&b=<c> \"d\""), ("person", "É")]),
            "/?q=a%26b%3D%3Cc%3E+%22d%22&person=%C3%89"
        );
    }
}
