"""Charts for admin screens as plain numbers for an inline SVG: no script, no chart library."""


def bar_chart(
    values: list, labels: list[str], *, height: int = 140, width: int = 560, slots: int = 12
) -> dict:
    """Bars of `values` scaled to the tallest, with a label each; fewer than `slots` bars
    keep the width of one slot (a few bars stay bar-shaped), so give fewer slots for long
    labels."""
    peak = max([float(value) for value in values] + [1])
    slot = width / max(len(values), slots)
    bars = []
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        bar_height = round(float(value) / peak * (height - 20), 1)
        bars.append(
            {
                "x": round(index * slot + slot * 0.15, 1),
                "y": round(height - bar_height, 1),
                "width": round(slot * 0.7, 1),
                "height": bar_height,
                "value": value,
                "label": label,
                "label_x": round(index * slot + slot / 2, 1),
            }
        )
    return {"bars": bars, "height": height, "width": width, "peak": peak}
