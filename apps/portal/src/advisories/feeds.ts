import type { Metadata } from "next";

/** `<link rel="alternate">` to both feeds, for every advisory page's head (readers find the feed from any page). */
export const ADVISORY_FEED_ALTERNATES: Metadata["alternates"] = {
  types: {
    "application/atom+xml": [{ url: "/advisories/feed.atom", title: "Security advisories (Atom)" }],
    "application/feed+json": [{ url: "/advisories/feed.json", title: "Security advisories (JSON Feed)" }],
  },
};
