//! What the pipeline keeps between runs: one kind of store for every stage.
//!
//! Each piece of work (a page's template, an expansion, a check, a rendered
//! file) is kept under a [`Key`]: the fingerprint of everything it depends
//! on, made by one function in [`super::keys`] that says what it covers. A
//! run asks for the values it needs; whatever no run asked for since the
//! last [`Memo::sweep`] is dropped, so the memo holds one site's worth of
//! work, never the history of every edit.

use foldhash::{HashMap, HashSet};

use rayon::prelude::*;

/// The fingerprint of everything one piece of work depends on. Made only in
/// `keys`, so what each kind of work depends on is written once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Key(pub(super) u64);

/// Values by the key of what they were made from.
pub(crate) struct Memo<V> {
    entries: HashMap<Key, V>,
    /// Keys asked for since the last sweep.
    used: HashSet<Key>,
    /// Whether values are kept at all: a pipeline that runs once keeps
    /// nothing, so that each value is freed as soon as its run is done
    /// with it.
    keeping: bool,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            entries: HashMap::default(),
            used: HashSet::default(),
            keeping: true,
        }
    }
}

impl<V> Memo<V> {
    /// A memo that keeps nothing.
    pub(crate) fn forgetful() -> Self {
        Memo {
            keeping: false,
            ..Memo::default()
        }
    }

    /// Whether values are kept for the next run.
    pub(crate) fn keeps(&self) -> bool {
        self.keeping
    }
}

impl<V: Clone + Send> Memo<V> {
    /// The value kept for `key`, if any; it is kept for the next run.
    pub(crate) fn get(&mut self, key: Key) -> Option<V> {
        let value = self.entries.get(&key)?.clone();
        self.used.insert(key);
        Some(value)
    }

    /// The value kept for `key`, if there is one and it is still `valid`: a
    /// value can record that it depends on more than its key covers (a
    /// check that judged a contact depends on every trust's contacts).
    pub(crate) fn get_valid(&mut self, key: Key, valid: impl Fn(&V) -> bool) -> Option<V> {
        self.entries.get(&key).filter(|v| valid(v))?;
        self.get(key)
    }

    /// Keeps a value made in this run.
    pub(crate) fn insert(&mut self, key: Key, value: V) {
        if self.keeping {
            self.used.insert(key);
            self.entries.insert(key, value);
        }
    }

    /// The values for `jobs`, in order, making the missing ones in
    /// parallel with `make`. Returns how many were made.
    pub(crate) fn fill<J: Sync>(
        &mut self,
        jobs: &[(Key, J)],
        make: impl Fn(&J) -> V + Sync + Send,
    ) -> (Vec<V>, usize)
    where
        V: Sync,
    {
        let mut missing: Vec<&(Key, J)> = jobs
            .iter()
            .filter(|(key, _)| !self.entries.contains_key(key))
            .collect();
        // Two jobs with one key are one piece of work.
        missing.sort_by_key(|(key, _)| *key);
        missing.dedup_by_key(|(key, _)| *key);
        let made: HashMap<Key, V> = missing
            .par_iter()
            .map(|(key, job)| (*key, make(job)))
            .collect();
        let count = made.len();
        let values = jobs
            .iter()
            .filter_map(|(key, _)| made.get(key).cloned().or_else(|| self.get(*key)))
            .collect();
        for (key, value) in made {
            self.insert(key, value);
        }
        (values, count)
    }

    /// Whether a value is kept for `key`.
    pub(crate) fn contains(&self, key: Key) -> bool {
        self.entries.contains_key(&key)
    }

    /// Drops every value no run asked for since the last sweep.
    pub(crate) fn sweep(&mut self) {
        let used = std::mem::take(&mut self.used);
        self.entries.retain(|key, _| used.contains(key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_not_asked_for_is_dropped_at_the_sweep() {
        let mut memo = Memo::default();
        memo.insert(Key(1), "one");
        memo.insert(Key(2), "two");
        memo.sweep();
        assert_eq!(memo.get(Key(1)), Some("one"));
        memo.sweep();
        assert!(memo.contains(Key(1)));
        assert!(!memo.contains(Key(2)));
    }

    #[test]
    fn a_forgetful_memo_makes_everything_and_keeps_nothing() {
        let mut memo = Memo::forgetful();
        let (values, made) = memo.fill(&[(Key(1), 1), (Key(1), 1)], |n| n * 10);
        assert_eq!((values, made), (vec![10, 10], 1));
        assert_eq!(memo.get(Key(1)), None);
    }

    #[test]
    fn fill_makes_only_what_is_missing_and_each_key_once() {
        let mut memo = Memo::default();
        memo.insert(Key(1), 10);
        let jobs = [(Key(1), 1), (Key(2), 2), (Key(2), 2)];
        let (values, made) = memo.fill(&jobs, |n| n * 100);
        assert_eq!(values, [10, 200, 200]);
        assert_eq!(made, 1);
    }
}
