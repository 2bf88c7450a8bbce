"""Plausible wrong answers to 18's exercises (run by tests/test_hidden_tests.py)."""
_G_PIECES = '''
    px0, py0, px1, py1 = pred.T
    tx0, ty0, tx1, ty1 = target.T
    iw = np.minimum(px1, tx1) - np.maximum(px0, tx0)
    ih = np.minimum(py1, ty1) - np.maximum(py0, ty0)
    iw_c, ih_c = np.clip(iw, 0, None), np.clip(ih, 0, None)
    inter = iw_c * ih_c
    pw, ph = px1 - px0, py1 - py0
    union = pw * ph + (tx1 - tx0) * (ty1 - ty0) - inter
    cw = np.maximum(px1, tx1) - np.minimum(px0, tx0)
    ch = np.maximum(py1, ty1) - np.minimum(py0, ty0)
    enclose = cw * ch
    zero, step = np.zeros_like(px0), lambda cond: np.where(cond, 1.0, 0.0)
    d_iw = np.stack([-step(px0 > tx0), zero, step(px1 < tx1), zero], 1) * step(iw > 0)[:, None]
    d_ih = np.stack([zero, -step(py0 > ty0), zero, step(py1 < ty1)], 1) * step(ih > 0)[:, None]
    d_inter = ih_c[:, None] * d_iw + iw_c[:, None] * d_ih
    d_area = np.stack([-ph, -pw, ph, pw], 1)
    d_union = d_area - d_inter
    d_cw = np.stack([-step(px0 < tx0), zero, step(px1 > tx1), zero], 1)
    d_ch = np.stack([zero, -step(py0 < ty0), zero, step(py1 > ty1)], 1)
    d_enclose = ch[:, None] * d_cw + cw[:, None] * d_ch
    u, c, i = union[:, None], enclose[:, None], inter[:, None]
'''
_GIOU = "def giou(pred, target):" + _G_PIECES

_SOFT = "def soft_nms(boxes, scores, sigma=0.5, score_threshold=0.001):"
_SOFT_START = '''
    current = np.asarray(scores, dtype=np.float64).copy()
    alive = current > score_threshold
    chosen, chosen_scores = [], []
'''
_SOFT_LOOP = '''
    while alive.any():
        best = int(np.flatnonzero(alive)[np.argmax(current[alive])])
        chosen.append(best)
        chosen_scores.append(current[best])
        alive[best] = False
        iou = pairwise_iou(boxes[best][None], boxes)[0]
        current = np.where(alive, current * np.exp(-iou ** 2 / (2 * sigma)), current)
        alive &= current > score_threshold
    return np.array(chosen, dtype=np.int64), np.array(chosen_scores)
'''


def _soft_nms(old: str, new: str) -> str:
    """A soft-NMS whose loop differs from the right one in one place: ``old`` replaced by ``new``."""
    assert _SOFT_LOOP.count(old) == 1, old
    return _SOFT + _SOFT_START + _SOFT_LOOP.replace(old, new)


_DICE = "def dice_per_class(y_true, y_pred, num_classes, ignore_label=255):"

MUTANTS = {
    "ex18_1_giou_test": {
        "plain IoU and its gradient (no enclosing-box term)": _GIOU + '''
    g = inter / union
    grad = (d_inter * u - i * d_union) / u ** 2
    return g, grad
''',
        "the enclosing box's empty part measured against the intersection, not the union": _GIOU + '''
    g = inter / union - (enclose - inter) / enclose
    grad = (d_inter * u - i * d_union) / u ** 2 - (-d_inter * c + i * d_enclose) / c ** 2
    return g, grad
''',
        "the gradient treats the enclosing box as a constant": _GIOU + '''
    g = inter / union - (enclose - union) / enclose
    grad = (d_inter * u - i * d_union) / u ** 2 + d_union / c
    return g, grad
''',
        "the gradient of the loss 1 - GIoU instead of GIoU": _GIOU + '''
    g = inter / union - (enclose - union) / enclose
    grad = (d_inter * u - i * d_union) / u ** 2 + (d_union * c - u * d_enclose) / c ** 2
    return g, -grad
''',
        "the intersection not clipped at 0 (boxes apart in x and y multiply two negatives)": '''
def giou(pred, target):
    px0, py0, px1, py1 = pred.T
    tx0, ty0, tx1, ty1 = target.T
    iw = np.minimum(px1, tx1) - np.maximum(px0, tx0)
    ih = np.minimum(py1, ty1) - np.maximum(py0, ty0)
    overlap = (iw > 0) | (ih > 0)
    inter = np.where(overlap, np.clip(iw, 0, None) * np.clip(ih, 0, None), iw * ih)
    pw, ph = px1 - px0, py1 - py0
    union = pw * ph + (tx1 - tx0) * (ty1 - ty0) - inter
    cw = np.maximum(px1, tx1) - np.minimum(px0, tx0)
    ch = np.maximum(py1, ty1) - np.minimum(py0, ty0)
    enclose = cw * ch
    zero, step = np.zeros_like(px0), lambda cond: np.where(cond, 1.0, 0.0)
    ix = np.where(overlap, step(iw > 0), 1.0)
    iy = np.where(overlap, step(ih > 0), 1.0)
    d_iw = np.stack([-step(px0 > tx0), zero, step(px1 < tx1), zero], 1) * ix[:, None]
    d_ih = np.stack([zero, -step(py0 > ty0), zero, step(py1 < ty1)], 1) * iy[:, None]
    wx = np.where(overlap, np.clip(ih, 0, None), ih)
    wy = np.where(overlap, np.clip(iw, 0, None), iw)
    d_inter = wx[:, None] * d_iw + wy[:, None] * d_ih
    d_union = np.stack([-ph, -pw, ph, pw], 1) - d_inter
    d_cw = np.stack([-step(px0 < tx0), zero, step(px1 > tx1), zero], 1)
    d_ch = np.stack([zero, -step(py0 < ty0), zero, step(py1 > ty1)], 1)
    d_enclose = ch[:, None] * d_cw + cw[:, None] * d_ch
    u, c, i = union[:, None], enclose[:, None], inter[:, None]
    g = inter / union - (enclose - union) / enclose
    grad = (d_inter * u - i * d_union) / u ** 2 + (d_union * c - u * d_enclose) / c ** 2
    return g, grad
''',
    },
    "ex18_2_soft_nms_test": {
        "Bodla's exp(-IoU^2 / sigma), without TensorFlow's factor 1/2":
            _soft_nms("/ (2 * sigma)", "/ sigma"),
        "the linear decay 1 - IoU above 0.3":
            _soft_nms("np.where(alive, current * np.exp(-iou ** 2 / (2 * sigma)), current)",
                      "np.where(alive & (iou > 0.3), current * (1 - iou), current)"),
        "boxes taken in their original score order, decays never re-sorted": _SOFT + _SOFT_START + '''
    for best in np.argsort(-current, kind="stable"):
        if not alive[best]:
            continue
        chosen.append(int(best))
        chosen_scores.append(current[best])
        alive[best] = False
        iou = pairwise_iou(boxes[best][None], boxes)[0]
        current = np.where(alive, current * np.exp(-iou ** 2 / (2 * sigma)), current)
        alive &= current > score_threshold
    return np.array(chosen, dtype=np.int64), np.array(chosen_scores)
''',
        "hard NMS at 0.5 with the scores unchanged":
            _soft_nms("""        iou = pairwise_iou(boxes[best][None], boxes)[0]
        current = np.where(alive, current * np.exp(-iou ** 2 / (2 * sigma)), current)
        alive &= current > score_threshold
""", "        alive &= pairwise_iou(boxes[best][None], boxes)[0] <= 0.5\n"),
        "the original scores returned instead of the decayed ones":
            _soft_nms("chosen_scores.append(current[best])", "chosen_scores.append(float(scores[best]))"),
        "a decayed box below the threshold is kept (only the initial filter applied)":
            _soft_nms("        alive &= current > score_threshold\n", ""),
    },
    "ex18_3_dice_ignore_test": {
        "ignored pixels counted (the ignore label never removed)": _DICE + '''
    t, p = y_true.reshape(-1), y_pred.reshape(-1)
    classes = np.arange(num_classes)[:, None]
    tp = np.sum((t == classes) & (p == classes), axis=1)
    denominator = np.sum(t == classes, axis=1) + np.sum(p == classes, axis=1)
    return np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), np.nan)
''',
        "an absent class scores 0 instead of NaN": _DICE + '''
    keep = y_true != ignore_label
    t, p = y_true[keep], y_pred[keep]
    classes = np.arange(num_classes)[:, None]
    tp = np.sum((t == classes) & (p == classes), axis=1)
    denominator = np.sum(t == classes, axis=1) + np.sum(p == classes, axis=1)
    return 2 * tp / np.maximum(denominator, 1)
''',
        "IoU instead of Dice": _DICE + '''
    keep = y_true != ignore_label
    t, p = y_true[keep], y_pred[keep]
    classes = np.arange(num_classes)[:, None]
    tp = np.sum((t == classes) & (p == classes), axis=1)
    union = np.sum((t == classes) | (p == classes), axis=1)
    return np.where(union > 0, tp / np.maximum(union, 1), np.nan)
''',
        "the Dice of each image averaged, not the counts pooled over the batch": _DICE + '''
    t_all = y_true.reshape(len(y_true), -1)
    p_all = y_pred.reshape(len(y_pred), -1)
    classes = np.arange(num_classes)[None, :, None]
    keep = (t_all != ignore_label)[:, None, :]
    is_t, is_p = (t_all[:, None] == classes) & keep, (p_all[:, None] == classes) & keep
    tp = np.sum(is_t & is_p, axis=2)
    denominator = is_t.sum(2) + is_p.sum(2)
    per_image = np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), np.nan)
    count = np.sum(~np.isnan(per_image), axis=0)
    return np.where(count > 0, np.nansum(per_image, axis=0) / np.maximum(count, 1), np.nan)
''',
        "the ignore label removed where it is predicted, not where it is true": _DICE + '''
    keep = y_pred != ignore_label
    t, p = y_true[keep], y_pred[keep]
    classes = np.arange(num_classes)[:, None]
    tp = np.sum((t == classes) & (p == classes), axis=1)
    denominator = np.sum(t == classes, axis=1) + np.sum(p == classes, axis=1)
    return np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), np.nan)
''',
    },
}
