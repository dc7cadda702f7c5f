import type { ExampleRepo } from './types.js';

const pyproject = `[project]
name = "mathkit"
version = "0.1.0"
requires-python = ">=3.9"

[project.optional-dependencies]
test = ["pytest"]

[tool.setuptools.packages.find]
where = ["src"]
`;

const statsV1 = `def mean(xs):
    return sum(xs) / len(xs)


def median(xs):
    ordered = sorted(xs)
    return ordered[len(ordered) // 2]
`;

const statsV2 = `def mean(xs):
    return sum(xs) / len(xs)


def median(xs):
    ordered = sorted(xs)
    mid = len(ordered) // 2
    if len(ordered) % 2 == 0:
        return (ordered[mid - 1] + ordered[mid]) / 2
    return ordered[mid]
`;

const statsV3 = statsV2.replace(
  'def mean(xs):\n    return sum(xs) / len(xs)',
  'def mean(xs):\n    if not xs:\n        raise ValueError("mean() of an empty sequence")\n    return sum(xs) / len(xs)',
);

const testStatsV1 = `from mathkit.stats import mean, median


def test_mean():
    assert mean([1, 2, 3, 4]) == 2.5


def test_median_odd():
    assert median([3, 1, 2]) == 2
`;

const testStatsV2 = `${testStatsV1}

def test_median_even():
    assert median([4, 1, 3, 2]) == 2.5
`;

const testStatsV3 = `import pytest

${testStatsV2}

def test_mean_empty_raises_value_error():
    with pytest.raises(ValueError, match="empty"):
        mean([])
`;

const stringsV1 = `import re


def slugify(text):
    text = text.strip().lower()
    return re.sub(r"[^a-z0-9]", "-", text)
`;

const stringsV2 = `import re


def slugify(text):
    text = text.strip().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
`;

const testStringsV1 = `from mathkit.strings import slugify


def test_slugify_simple():
    assert slugify("Hello") == "hello"
`;

const testStringsV2 = `import pytest

${testStringsV1}

@pytest.mark.parametrize("text,expected", [("a  b", "a-b"), ("Hi, there!", "hi-there")])
def test_slugify_collapses(text, expected):
    assert slugify(text) == expected
`;

/** A Python package tested with pytest, with three real bug fixes in its history. */
export const mathkit: ExampleRepo = {
  repo: 'legofactory-examples/mathkit',
  isTestFile: (path) => path.startsWith('tests/'),
  commits: [
    {
      message: 'Add mean and median',
      files: {
        'pyproject.toml': pyproject,
        'src/mathkit/__init__.py': '',
        'src/mathkit/stats.py': statsV1,
        'tests/test_stats.py': testStatsV1,
      },
    },
    {
      message: 'Fix median of an even number of values\n\nmedian() returned the upper middle value.',
      files: { 'src/mathkit/stats.py': statsV2, 'tests/test_stats.py': testStatsV2 },
    },
    {
      message: 'Add slugify',
      files: { 'src/mathkit/strings.py': stringsV1, 'tests/test_strings.py': testStringsV1 },
    },
    {
      message: 'Collapse runs of separators in slugify',
      files: { 'src/mathkit/strings.py': stringsV2, 'tests/test_strings.py': testStringsV2 },
    },
    {
      message: 'Raise ValueError for the mean of an empty sequence',
      files: { 'src/mathkit/stats.py': statsV3, 'tests/test_stats.py': testStatsV3 },
    },
  ],
  tasks: [
    {
      fixCommit: 1,
      problem_statement:
        'median() returns the wrong value for an even number of values.\n\n' +
        '`median([4, 1, 3, 2])` returns 3, but the median of 1, 2, 3, 4 is 2.5 (the mean of the two middle values).',
      FAIL_TO_PASS: ['tests/test_stats.py::test_median_even'],
      PASS_TO_PASS: ['tests/test_stats.py::test_mean', 'tests/test_stats.py::test_median_odd'],
    },
    {
      fixCommit: 3,
      problem_statement:
        'slugify() leaves repeated and trailing dashes.\n\n' +
        '`slugify("Hi, there!")` gives `"hi--there-"`; a slug should join words with single dashes and have ' +
        'no leading or trailing dash, like `"hi-there"`.',
      FAIL_TO_PASS: [
        'tests/test_strings.py::test_slugify_collapses[a  b-a-b]',
        'tests/test_strings.py::test_slugify_collapses[Hi, there!-hi-there]',
      ],
      PASS_TO_PASS: ['tests/test_strings.py::test_slugify_simple'],
    },
    {
      fixCommit: 4,
      problem_statement:
        'mean([]) raises ZeroDivisionError.\n\n' +
        'The mean of an empty sequence should raise a ValueError whose message says the sequence is empty, ' +
        'as statistics.mean does.',
      FAIL_TO_PASS: ['tests/test_stats.py::test_mean_empty_raises_value_error'],
      PASS_TO_PASS: [
        'tests/test_stats.py::test_mean',
        'tests/test_stats.py::test_median_odd',
        'tests/test_stats.py::test_median_even',
      ],
    },
  ],
};
