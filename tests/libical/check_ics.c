/*
 * Reads an .ics file with libical 3 (the C library behind Evolution and many CalDAV servers) and
 * prints, for tests/test_ics_clients.py, one JSON line per VEVENT:
 *
 *     {"uid": "...", "start": "2022-10-13T03:50:00Z", "end": null}
 *
 * then one summary line:
 *
 *     {"calendar": {"zones": ["America/New_York", ...], "events": 11, "x_lic_errors": [...]}}
 *
 * Timed starts and ends are UTC instants; all-day ones are dates ("2022-10-12"); a floating time
 * (no TZID, no Z) is its wall time without a Z ("2022-10-13T09:50:00"), as libical holds it. A TZID is looked
 * up only among the VTIMEZONE components of the file itself, never in libical's builtin zones, so
 * the instants printed are what the file's own VTIMEZONEs say. Each instant is worked out twice,
 * once with the file's zone and icaltime_convert_to_zone, once the way Evolution reads an event
 * (icalcomponent_get_dtstart, which resolves the TZID itself): the two must agree.
 *
 * X-LIC-ERROR properties are the parser's notes on content it could not read: they are listed in
 * "x_lic_errors" (the test asserts the list is empty). A file libical cannot parse at all, a TZID
 * the file does not define exits with status 1 and a message on stderr.
 *
 * Build: cc -Wall -Wextra -Werror check_ics.c $(pkg-config --cflags --libs libical)
 */
#include <libical/ical.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ZONES 64

static icaltimezone *zones[MAX_ZONES];
static size_t zone_count;

static void fail(const char *message, const char *detail)
{
    fprintf(stderr, "check_ics: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static char *read_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        fail("cannot open", path);
    }
    size_t size = 0;
    size_t capacity = 1 << 16;
    char *text = malloc(capacity);
    size_t got;
    while (text != NULL && (got = fread(text + size, 1, capacity - size - 1, file)) > 0) {
        size += got;
        if (capacity - size - 1 == 0) {
            capacity *= 2;
            char *bigger = realloc(text, capacity);
            if (bigger == NULL) {
                free(text);
            }
            text = bigger;
        }
    }
    if (text == NULL) {
        fail("out of memory reading", path);
    }
    if (ferror(file)) {
        fail("cannot read", path);
    }
    fclose(file);
    text[size] = '\0';
    if (strlen(text) != size) {
        fail("NUL byte in", path);
    }
    return text;
}

static void print_json_string(const char *text)
{
    if (text == NULL) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '"' || *c == '\\') {
            printf("\\%c", *c);
        } else if (*c < 0x20) {
            printf("\\u%04x", *c);
        } else {
            putchar(*c);
        }
    }
    putchar('"');
}

/* Every X-LIC-ERROR in the component and its sub-components, as JSON strings. */
static size_t print_lic_errors(icalcomponent *component, size_t count)
{
    for (icalproperty *property = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY);
         property != NULL;
         property = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
        if (count++ > 0) {
            putchar(',');
        }
        char message[1024];
        snprintf(message, sizeof message, "%s: %s",
                 icalcomponent_kind_to_string(icalcomponent_isa(component)),
                 icalproperty_get_xlicerror(property));
        print_json_string(message);
    }
    for (icalcomponent *child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT);
         child != NULL;
         child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)) {
        count = print_lic_errors(child, count);
    }
    return count;
}

static void register_zones(icalcomponent *calendar)
{
    for (icalcomponent *vtimezone = icalcomponent_get_first_component(calendar, ICAL_VTIMEZONE_COMPONENT);
         vtimezone != NULL;
         vtimezone = icalcomponent_get_next_component(calendar, ICAL_VTIMEZONE_COMPONENT)) {
        if (zone_count == MAX_ZONES) {
            fail("too many VTIMEZONE components", NULL);
        }
        icaltimezone *zone = icaltimezone_new();
        /* the zone owns the component it is given: hand it a copy, the calendar keeps its own */
        if (zone == NULL || !icaltimezone_set_component(zone, icalcomponent_new_clone(vtimezone))) {
            fail("libical rejected a VTIMEZONE", icalcomponent_as_ical_string(vtimezone));
        }
        zones[zone_count++] = zone;
    }
}

static icaltimezone *file_zone(const char *tzid)
{
    for (size_t i = 0; i < zone_count; i++) {
        if (strcmp(icaltimezone_get_tzid(zones[i]), tzid) == 0) {
            return zones[i];
        }
    }
    fail("TZID is not defined by a VTIMEZONE in the file", tzid);
    return NULL;
}

/* "2022-10-12" for a DATE, the UTC instant "2022-10-13T03:50:00Z" for a DATE-TIME. */
static void format_instant(icalproperty *property, struct icaltimetype native, char *out, size_t size)
{
    icalvalue *value = icalproperty_get_value(property);
    struct icaltimetype time = icalvalue_get_datetime(value);
    if (icaltime_is_null_time(time) || !icaltime_is_valid_time(time)) {
        fail("unreadable date or time", icalproperty_as_ical_string(property));
    }
    if (time.is_date) {
        snprintf(out, size, "%04d-%02d-%02d", time.year, time.month, time.day);
        return;
    }
    icalparameter *tzid = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER);
    if (tzid != NULL) {
        if (icaltime_is_utc(time)) {
            fail("UTC time with a TZID", icalproperty_as_ical_string(property));
        }
        time.zone = file_zone(icalparameter_get_tzid(tzid));
    } else if (!icaltime_is_utc(time)) {
        if (native.zone != NULL) {
            fail("libical gave a zone to the floating time", icalproperty_as_ical_string(property));
        }
        snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d", time.year, time.month, time.day,
                 time.hour, time.minute, time.second);
        return;
    }
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    struct icaltimetype instant = icaltime_convert_to_zone(time, utc);
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", instant.year, instant.month, instant.day,
             instant.hour, instant.minute, instant.second);

    /* the same instant the way an application reads it: time_t through the zone libical resolved */
    if (native.is_date || native.zone == NULL) {
        fail("libical did not resolve the zone of", icalproperty_as_ical_string(property));
    }
    if (tzid != NULL && strcmp(icaltimezone_get_tzid((icaltimezone *)native.zone),
                               icaltimezone_get_tzid((icaltimezone *)time.zone)) != 0) {
        fail("libical resolved another zone for", icalproperty_as_ical_string(property));
    }
    time_t seconds = icaltime_as_timet_with_zone(native, native.zone);
    time_t expected = icaltime_as_timet_with_zone(instant, utc);
    if (seconds != expected) {
        fail("icaltime_as_timet_with_zone and icaltime_convert_to_zone disagree on", out);
    }
}

static void print_event(icalcomponent *event)
{
    char start[32];
    char end[32];
    icalproperty *dtstart = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
    icalproperty *dtend = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY);
    const char *uid = icalcomponent_get_uid(event);
    if (uid == NULL || dtstart == NULL) {
        fail("VEVENT without UID or DTSTART", icalcomponent_as_ical_string(event));
    }
    if (icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY) != NULL) {
        fail("DURATION is not expected in this export", uid);
    }
    format_instant(dtstart, icalcomponent_get_dtstart(event), start, sizeof start);
    if (dtend != NULL) {
        format_instant(dtend, icalcomponent_get_dtend(event), end, sizeof end);
    }
    fputs("{\"uid\": ", stdout);
    print_json_string(uid);
    fputs(", \"start\": ", stdout);
    print_json_string(start);
    fputs(", \"end\": ", stdout);
    print_json_string(dtend != NULL ? end : NULL);
    fputs("}\n", stdout);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.ics\n", argv[0]);
        return 2;
    }
    char *text = read_file(argv[1]);
    icalerror_set_errors_are_fatal(0);
    icalcomponent *calendar = icalparser_parse_string(text);
    free(text);
    if (calendar == NULL) {
        fail("libical could not parse", argv[1]);
    }
    if (icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT) {
        fail("not a single VCALENDAR", argv[1]);
    }
    register_zones(calendar);

    size_t events = 0;
    for (icalcomponent *event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
         event != NULL;
         event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        print_event(event);
        events++;
    }

    /* libical's RFC 5545/5546 rule check; it files each complaint as an X-LIC-ERROR too */
    int restrictions_ok = icalrestriction_check(calendar);

    fputs("{\"calendar\": {\"zones\": [", stdout);
    for (size_t i = 0; i < zone_count; i++) {
        if (i > 0) {
            putchar(',');
        }
        print_json_string(icaltimezone_get_tzid(zones[i]));
    }
    printf("], \"events\": %zu, \"restrictions_ok\": %s, \"x_lic_errors\": [", events,
           restrictions_ok ? "true" : "false");
    print_lic_errors(calendar, 0);
    fputs("]}}\n", stdout);

    for (size_t i = 0; i < zone_count; i++) {
        icaltimezone_free(zones[i], 1);
    }
    icalcomponent_free(calendar);
    return fflush(stdout) == 0 ? 0 : 1;
}
