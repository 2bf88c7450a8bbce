"""Course-authored customer-service questions for the intent-classification case of seed 004.

There is no standard offline-free public dataset of this kind, so the course writes its own
(and says so): eight intents of an online shop, each with an FAQ answer, several phrasings per
intent filled with products, order numbers, politeness and typos. Phrasings are split between
training, validation and test, so validation and test measure generalisation to *new wordings*; the test also holds
out-of-scope questions (label -1) that a good bot hands over to a human. Test phrasings are new
sentences that still use the domain's words (order, refund, password...), as real customers do.
Used by notebook 11.
"""
from __future__ import annotations

import numpy as np

FAQ = {
    "order_status": "You can follow your order under Account > Orders; we email the tracking link when it ships.",
    "refund": "Refunds go back to the original payment method within 5 working days of receiving the return.",
    "shipping_cost": "Standard shipping is free above 50 EUR, otherwise 4.90 EUR; express costs 9.90 EUR.",
    "password_reset": "Use 'Forgot password' on the sign-in page; the reset link is valid for one hour.",
    "cancel_order": "Orders can be cancelled under Account > Orders until they are handed to the carrier.",
    "change_address": "You can change the delivery address under Account > Orders until the order ships.",
    "payment_methods": "We accept cards, PayPal, bank transfer and invoice for registered customers.",
    "opening_hours": "Our support team is available Monday to Saturday, 8:00 to 20:00.",
}
INTENTS = tuple(FAQ)

# (train phrasings, test phrasings) per intent; {item} and {num} are filled in
PHRASES = {
    "order_status": (["where is my order {num}", "has my {item} shipped yet", "track my package",
                      "when will my {item} arrive", "status of order {num}", "my order {num} has not arrived"],
                    ["i am still waiting for my order of a {item}", "can you tell me where my package {num} is", "any news on the delivery of my order"]),
    "refund": (["i want a refund for my {item}", "how do i get my money back", "refund for order {num}",
                "when will i receive my refund", "return the {item} and get a refund", "money back for {item}"],
                    ["i sent the {item} back, when do i get the refund", "please give me my money back for order {num}", "how long until the refund arrives"]),
    "shipping_cost": (["how much is shipping", "what does delivery cost", "is shipping free",
                       "shipping fee for a {item}", "cost of express delivery", "do you charge for shipping"],
                    ["how expensive is shipping a {item} to me", "are there delivery charges", "what will shipping cost for order {num}"]),
    "password_reset": (["i forgot my password", "reset my password", "cannot log in to my account",
                        "my password does not work", "how do i change my password", "locked out of my account"],
                    ["the sign in page rejects my password", "i need a new password please", "help me get back into my account"]),
    "cancel_order": (["cancel my order {num}", "i want to cancel the {item}", "how do i cancel an order",
                      "stop order {num}", "please cancel my purchase", "can i still cancel the {item}"],
                    ["i changed my mind, cancel the {item}", "please cancel order {num} right away", "i no longer want my order, cancel it"]),
    "change_address": (["change my delivery address", "update the shipping address for order {num}",
                        "i moved, new address for my {item}", "wrong address on order {num}",
                        "send the {item} to a different address", "edit my address"],
                    ["deliver order {num} to my office address instead", "the {item} should go to my new address", "i typed the wrong street in my address"]),
    "payment_methods": (["which payment methods do you accept", "can i pay with paypal", "do you take credit cards",
                         "pay by invoice for the {item}", "can i pay by bank transfer", "payment options"],
                    ["is it possible to pay for the {item} with paypal", "what payment options do i have for order {num}", "do you accept visa or mastercard cards"]),
    "opening_hours": (["when are you open", "what are your opening hours", "is support open on sunday",
                       "what time does customer service close", "hours of your support team", "are you open today"],
                    ["until what time are you open", "is support open on saturday morning", "what days is the hotline open"]),
}
OUT_OF_SCOPE = ["what is the weather tomorrow", "tell me a joke", "who won the football match",
                "recommend a good movie", "what is the capital of peru", "how do i cook rice",
                "can you help me with my homework", "what is the meaning of life", "book a table for two",
                "how old are you", "translate hello into french", "set an alarm for seven"]
ITEMS = ("laptop", "phone", "shoes", "jacket", "headphones", "camera", "book", "watch", "lamp", "backpack")
PREFIX = ("", "", "hi ", "hello ", "excuse me ", "good morning ", "hey ")
SUFFIX = ("", "", "", " please", " thanks", " thank you", "?")


def _typos(text: str, rng: np.random.Generator, rate: float) -> str:
    """Swap two adjacent letters in some words (rate per word)."""
    words = text.split()
    for i, w in enumerate(words):
        if len(w) > 3 and rng.random() < rate:
            j = int(rng.integers(0, len(w) - 1))
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def _fill(phrases: list[str], n: int, rng: np.random.Generator, typo_rate: float) -> list[str]:
    picks = rng.integers(0, len(phrases), n)
    items, nums = rng.choice(ITEMS, n), rng.integers(10_000, 99_999, n)
    pre, suf = rng.choice(PREFIX, n), rng.choice(SUFFIX, n)
    return [_typos(f"{p}{phrases[k].format(item=it, num=nu)}{s}", rng, typo_rate)
            for k, it, nu, p, s in zip(picks, items, nums, pre, suf)]


def questions(n_per_intent: int, split: str, seed: int, typo_rate: float = 0.05) -> tuple[list[str], np.ndarray]:
    """Questions and intent indices (-1 = out of scope) from one split's phrasings.

    Each intent's first list of phrasings is cut into training (all but the last) and validation
    (the last); the second list is the test's. So validation, like the test, measures new wordings.
    """
    if split not in ("train", "val", "test"):
        raise ValueError(f"split must be 'train', 'val' or 'test'; got {split!r}")
    rng = np.random.default_rng(seed)
    texts: list[str] = []
    labels: list[int] = []
    for k, intent in enumerate(INTENTS):
        phrases = {"train": PHRASES[intent][0][:-1], "val": PHRASES[intent][0][-1:], "test": PHRASES[intent][1]}[split]
        texts += _fill(phrases, n_per_intent, rng, typo_rate)
        labels += [k] * n_per_intent
    order = rng.permutation(len(texts))
    return [texts[i] for i in order], np.asarray(labels, dtype=np.int64)[order]


def out_of_scope(n: int, split: str, seed: int, typo_rate: float = 0.05) -> list[str]:
    """``n`` out-of-scope questions; validation and test draw from different halves of the list."""
    if split not in ("val", "test"):
        raise ValueError(f"split must be 'val' or 'test'; got {split!r}")
    half = len(OUT_OF_SCOPE) // 2
    pool = OUT_OF_SCOPE[:half] if split == "val" else OUT_OF_SCOPE[half:]
    return _fill(pool, n, np.random.default_rng(seed), typo_rate)
