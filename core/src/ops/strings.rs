//! Lists of strings in request bodies.

use serde::{Deserialize, Serialize};

/// A list of strings in a request body: role or permission ids, webhook
/// events, callback URLs, template variables.
///
/// Built from any array, vector or slice of string-likes, so a setter or
/// `new` takes `["role_1", "role_2"]`, `vec![id]` or `&ids[..]` alike. On the
/// wire it is a JSON array of strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StringList(Vec<String>);

impl StringList {
    /// The strings.
    #[must_use]
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// Takes the strings.
    #[must_use]
    pub fn into_vec(self) -> Vec<String> {
        self.0
    }
}

impl<S: Into<String>> From<Vec<S>> for StringList {
    fn from(items: Vec<S>) -> Self {
        items.into_iter().collect()
    }
}

impl<S: Into<String>, const N: usize> From<[S; N]> for StringList {
    fn from(items: [S; N]) -> Self {
        items.into_iter().collect()
    }
}

impl<S: Clone + Into<String>> From<&[S]> for StringList {
    fn from(items: &[S]) -> Self {
        items.iter().cloned().collect()
    }
}

impl<S: Into<String>> FromIterator<S> for StringList {
    fn from_iter<I: IntoIterator<Item = S>>(items: I) -> Self {
        Self(items.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_from_arrays_vectors_and_slices() {
        let ids = [String::from("b")];
        let lists = [
            StringList::from(["a", "b"]),
            StringList::from(vec![String::from("a"), String::from("b")]),
            StringList::from(&["a", "b"][..]),
            ["a"]
                .into_iter()
                .chain(ids.iter().map(String::as_str))
                .collect(),
        ];
        for list in lists {
            assert_eq!(list.as_slice(), ["a", "b"]);
            assert_eq!(
                serde_json::to_string(&list).ok().as_deref(),
                Some(r#"["a","b"]"#)
            );
        }
    }
}
