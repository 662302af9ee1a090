"""Reading time that counts words in any script (Latin, Cyrillic, …)."""

import math
import re

WORDS_PER_MINUTE = 220
# \w is Unicode-aware: Cyrillic letters count like Latin ones; apostrophes and hyphens
# inside a word ("п'ять", "well-known") keep it one word.
_WORD = re.compile(r"\w+(?:['’ʼ-]\w+)*")


def words_count(text: str) -> int:
    return len(_WORD.findall(text))


def read_minutes(*texts: str) -> int:
    words = sum(words_count(text) for text in texts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
