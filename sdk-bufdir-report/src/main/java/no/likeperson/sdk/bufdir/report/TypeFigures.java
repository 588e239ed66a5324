package no.likeperson.sdk.bufdir.report;

/** One activity type's sums over all mentors: what the chart and the per-type table show. */
record TypeFigures(String name, long sessions, long activities, long minutes) {}
