"""What the golden test scripts share: a tally of named checks (every failed
one is printed at the end, with the count) and writing a small text file."""


class Checks:
    def __init__(self, name):
        self.name = name
        self.count = 0
        self.failures = []

    def expect(self, what, cond):
        self.count += 1
        if not cond:
            self.failures.append(what)

    def report(self):
        """Prints the failed checks and the tally; the script's exit code."""
        for f in self.failures:
            print("FAILED:", f)
        print(f"{self.name}: {self.count - len(self.failures)} passed, {len(self.failures)} failed")
        return 1 if self.failures else 0


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
