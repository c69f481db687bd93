"""Evidence of omissions and additions: numbers without a partner on the other side."""

from __future__ import annotations

from kobridge.align.features.channels import unmatched_numbers


def test_unmatched_numbers_counts_numbers_without_a_partner_on_the_other_side() -> None:
    src = ["정부는 3일 1조2000억원을 투자한다고 발표했다.", "업계는 이 결정을 환영했다."]
    tgt = [
        "The government announced on the 3rd that it will invest 1.2 trillion won.",
        "Around 16,700 people were evacuated.",
        "The industry welcomed the decision.",
    ]
    src_counts, tgt_counts = unmatched_numbers(src, tgt, "ko", "en")
    assert src_counts.tolist() == [0.0, 0.0]
    assert tgt_counts[0] == 0.0 and tgt_counts[2] == 0.0
    assert tgt_counts[1] >= 1.0
