import ArgumentParser

/// `--advisories`, on every job and on `rules` and `baseline`.
let advisoriesHelp = ArgumentHelp(
    "OSV advisories for the dependency check: a folder of records (a clone of the PyPA advisory database) or OSV's zip export (default: the config's `advisories`; without either the check is off)."
)
