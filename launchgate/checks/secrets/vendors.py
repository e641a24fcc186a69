"""Vendor token formats added for issue 16, each written from the vendor's documentation (the pages
are named in benchmarks/secrets_outside/*.yaml): package registries, CI/CD, hosting, messaging, AI,
identity, productivity, observability, feature flags, payments and secret managers.

Also the near-miss test the judgement detectors use: a value that carries a vendor's documented
prefix or structural marker is judged by that vendor's format alone, so a truncated or
out-of-alphabet look-alike next to a ``*_TOKEN`` name is not reported as a generic password
either."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from launchgate.checks.secrets import benign, formats
from launchgate.checks.secrets.formats import (
    LOW,
    Detector,
    Validator,
    _json_token,
    _mixed,
    _not_benign,
    _ok,
    _prefixed,
)


def _test_mode(marker: str) -> Validator:
    """A documented test-mode marker in the value (``secret-test-``, ``FLWSECK_TEST-``): reported "
    "low."""

    def check(value: str, line: str, path: str) -> tuple[str, str | None] | None:
        if benign.is_benign_value(value):
            return None
        return _ok("test-mode key", LOW) if marker in value else _ok()

    return check


# (the vendor's words in a name, its exact value) of the contextual formats whose value is hex or a
# UUID: a hex value of another length under such a name is a cut-off copy, no generic password
_CTX_HEX: list[tuple[re.Pattern[str], re.Pattern[str]]] = []
_HEX_ONLY = re.compile(r"^(?:\[a-f0-9\]\{\d+\}\|?)+$")


def _ctx(rule: str, words: str, value: str) -> Detector:
    """A format with no prefix of its own: ``value`` (regex) assigned to a name that holds one of
    ``words`` (regex, the vendor) and says what it is (key, token, secret), e.g. ``DD_API_KEY=<32
    hex>``; a ``DATADOG_SITE`` or ``SPLUNK_INDEX_ID`` is not one. The words are the (folded)
    triggers."""
    pattern = re.compile(
        rf"(?i)(?<![A-Za-z0-9])(?:{words})[\w.-]{{0,30}}?(?:token|key|secret|pat"
        rf"|password)[\w.-]{{0,10}}[\"']?"
        rf"\s{{0,3}}(?::=|=>|=|:)\s{{0,3}}[\"'`]?({value})(?![A-Za-z0-9_\-])"
    )
    triggers = tuple(w.lower() for w in words.split("|") if w.replace("_", "").isalnum())
    first = words.split("|", maxsplit=1)[0]
    if _HEX_ONLY.match(value) or value == _UUID_RE:
        _CTX_HEX.append((re.compile(rf"(?i)(?<![A-Za-z0-9])(?:{words})"),
                         re.compile(rf"^(?:{value})$")))
    return Detector(rule, triggers or (first,), pattern, _not_benign, fold=True)


def _tinybird(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    """Tinybird's static tokens carry a base64 JSON document naming the user and the token."""
    doc = formats.b64_json(value[2:].split(".", 1)[0])
    if benign.is_benign_value(value) or doc is None or not {"u", "id"} <= set(doc):
        return None
    return _ok()


def _bearer(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    """X bearer tokens open with 21 A's (the format itself): the rest is judged."""
    if benign.inside_data_uri(line, max(0, line.find(value))):
        return None  # signal: zero bytes of an inline image (a PNG's header fields), in CSS
    return None if benign.is_benign_value(value[21:]) else _ok()


_UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# formats with no literal prefix of their own (benchmarks/secrets_outside/*.yaml names the pages):
# Unleash <project>:<environment>.<64 hex>; Asana 2/<user gid>/<app gid>:<32 hex> (older 1/..., 0/);
# Bitwarden Secrets Manager 0.<client id>.<client secret>:<encryption key>; Infisical service
# tokens st.<token id>.<32 hex>.<32 hex>
_UNLEASH = r"(?:\*|[a-z0-9][\w.-]{0,60}):[a-z0-9][\w-]{0,60}\.[a-f0-9]{64}"
_ASANA = r"[12]/\d{6,20}/\d{6,20}:[a-f0-9]{32}|0/[a-f0-9]{32}"
_BITWARDEN = rf"0\.{_UUID_RE}\.[A-Za-z0-9]{{30}}:[A-Za-z0-9+/]{{22}}=="
_INFISICAL = rf"st\.{_UUID_RE}\.[a-f0-9]{{32}}\.[a-f0-9]{{32}}"
# Formats read from each vendor's documentation (benchmarks/secrets_outside/*.yaml names the page).
VENDOR_DETECTORS: tuple[Detector, ...] = (
    # package registries
    _prefixed("secrets.rubygems-token", "rubygems_", r"[a-f0-9]{48}"),
    _prefixed("secrets.nuget-key", "oy2", r"[a-z0-9]{43}"),
    _prefixed("secrets.crates-token", "cio", r"(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32}"),
    _prefixed("secrets.artifactory-token", "AKC", r"[A-Za-z0-9]{70}"),
    # reference tokens: base64 of "reftkn:01:<expiry>:<random>", 64 characters
    _prefixed("secrets.artifactory-token", "cmVmdGtuOjAxOj", r"[A-Za-z0-9]{50}"),
    _prefixed("secrets.packagist-token", "packagist_", r"(?:uut|ort|upt|oat)_[A-Za-z0-9]{60,80}"),
    # CI/CD and hosting
    _prefixed("secrets.buildkite-token", "bkua_", r"[a-f0-9]{40}"),
    _prefixed("secrets.buildkite-token", "bkaa_", r"[A-Za-z0-9_\-]{64,}"),
    _prefixed("secrets.buildkite-token", "bkaj_", r"[A-Za-z0-9_\-]{64,}"),
    _prefixed("secrets.circleci-token", "CCIPAT_", r"[A-Za-z0-9]{22}_[a-f0-9]{40}"),
    _prefixed("secrets.circleci-token", "CCIPRJ_", r"[A-Za-z0-9]{22}_[a-f0-9]{40}"),
    Detector(
        "secrets.terraform-cloud-token",
        (".atlasv1.",),
        re.compile(r"(?<![A-Za-z0-9_])([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,})"),
        _not_benign,
    ),
    _prefixed("secrets.octopus-key", "API-", r"[A-Z0-9]{26,32}"),
    _prefixed("secrets.bitbucket-app-password", "ATBB", r"[A-Za-z0-9]{32}"),
    _prefixed("secrets.digitalocean-token", "dor_v1_", r"[a-f0-9]{64}"),
    _prefixed("secrets.heroku-key", "HRKU-", r"AA[A-Za-z0-9_\-]{58}"),
    Detector(
        "secrets.flyio-token",
        ("FlyV1 fm", "fo1_"),
        re.compile(
            # macaroons of several hundred characters: under 150 is a cut-off copy
            r"(FlyV1 fm\d_[A-Za-z0-9+/=_,\-]{150,}|(?<![A-Za-z0-9_])fo1_[A-Za-z0-9_\-]{43})"
        ),
        _not_benign,
    ),
    _prefixed("secrets.supabase-access-token", "sbp_", r"[a-f0-9]{40}"),
    _prefixed("secrets.render-key", "rnd_", r"[A-Za-z0-9]{32}"),
    _prefixed("secrets.alibaba-access-key", "LTAI", r"[A-Za-z0-9]{20}"),
    Detector(
        "secrets.azure-client-secret",
        ("Q~",),
        re.compile(
            # 40 characters: 3, a digit, Q~, 34
            r"(?<![A-Za-z0-9_~.\-])([A-Za-z0-9_~.\-]{3}\dQ~[A-Za-z0-9_~.\-]{34})"
            r"(?![A-Za-z0-9_~.\-])"
        ),
        _mixed,
    ),
    # messaging
    _prefixed("secrets.brevo-key", "xkeysib-", r"[a-f0-9]{64}-[A-Za-z0-9]{16}"),
    _prefixed("secrets.brevo-key", "xsmtpsib-", r"[a-f0-9]{64}-[A-Za-z0-9]{16}"),
    Detector(
        "secrets.mailchimp-key",
        ("-us",),
        re.compile(r"(?<![A-Za-z0-9_])([a-f0-9]{32}-us\d{1,2})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    Detector(
        "secrets.teams-webhook",
        ("webhook.office.com",),
        re.compile(
            r"(https://[a-z0-9\-]+\.webhook\.office\.com/webhookb2/[A-Za-z0-9@\-]{36,80}"
            r"/IncomingWebhook/[a-f0-9]{32}/[a-f0-9\-]{36})"
        ),
        _not_benign,
    ),
    _prefixed("secrets.twitch-token", "oauth:", r"[a-z0-9]{30}"),
    # bot tokens issued today start AA after the bot id; without the AA detect-secrets' plugin
    # decides
    Detector(
        "secrets.telegram-bot-token",
        (":AA",),
        re.compile(r"(?<![A-Za-z0-9_])(\d{8,10}:AA[A-Za-z0-9_\-]{33})(?![A-Za-z0-9_\-])"),
        _not_benign,
    ),
    # AI
    Detector(
        "secrets.langsmith-key",
        ("lsv2_",),
        re.compile(r"(?<![A-Za-z0-9_])(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    _prefixed("secrets.openrouter-key", "sk-or-v1-", r"[a-f0-9]{64}"),
    _prefixed("secrets.perplexity-key", "pplx-", r"[A-Za-z0-9]{48}"),
    _prefixed("secrets.tavily-key", "tvly-", r"(?:dev-|prod-)?[A-Za-z0-9]{32}"),
    _prefixed("secrets.xai-key", "xai-", r"[A-Za-z0-9]{80}"),
    # identity
    Detector(
        "secrets.stytch-secret",
        ("secret-live-", "secret-test-"),
        re.compile(
            r"(?<![A-Za-z0-9_])(secret-(?:live|test)-[A-Za-z0-9_\-=]{36})(?![A-Za-z0-9_\-])"
        ),
        _test_mode("secret-test-"),
    ),
    _prefixed("secrets.workos-key", "sk_", r"(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{60,}"),
    # productivity
    _prefixed("secrets.linear-key", "lin_oauth_", r"[a-f0-9]{64}"),
    _prefixed("secrets.clickup-token", "pk_", r"\d{6,10}_[A-Z0-9]{32}"),
    _prefixed("secrets.contentful-token", "CFPAT-", r"[A-Za-z0-9_\-]{43}"),
    Detector(
        "secrets.dropbox-token",
        ("sl.",),
        re.compile(r"(?<![A-Za-z0-9_.])(sl\.(?:u\.)?[A-Za-z0-9_\-]{130,})"),
        _mixed,
    ),
    _prefixed("secrets.figma-token", "figd_", r"[A-Za-z0-9_\-]{40}"),
    Detector(
        "secrets.hubspot-token",
        ("pat-na", "pat-eu"),
        re.compile(rf"(?<![A-Za-z0-9_])(pat-(?:na|eu)\d-{_UUID_RE})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    _prefixed("secrets.typeform-token", "tfp_", r"[A-Za-z0-9_\-]{44}_[A-Za-z0-9_\-]{14}"),
    # observability
    _ctx(
        "secrets.datadog-key",
        r"datadog|dd_api|dd_app|dd-api|dd-app|ddapi|ddapp",
        r"[a-f0-9]{32}|[a-f0-9]{40}",
    ),
    Detector(
        "secrets.newrelic-key",
        ("NRAL", "NRAA-", "NRAK-"),
        re.compile(r"(?<![A-Za-z0-9_])([a-f0-9]{36}NRAL|NRAA-[a-f0-9]{27})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    Detector(
        "secrets.dynatrace-token",
        ("dt0c01.", "dt0s01."),
        re.compile(r"(?<![A-Za-z0-9_])(dt0[cs]\d\d\.[A-Z0-9]{24}\.[A-Z0-9]{64})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    Detector(
        "secrets.honeycomb-key",
        ("hcaik_", "hcxik_", "hcamk_", "hcxmk_"),
        re.compile(r"(?<![A-Za-z0-9_])(hc[ax][im]k_[a-z0-9]{58,64})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    Detector(
        "secrets.axiom-token",
        ("xaat-", "xapt-"),
        re.compile(rf"(?<![A-Za-z0-9_])(xa[ap]t-{_UUID_RE})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    _prefixed("secrets.posthog-key", "phx_", r"[A-Za-z0-9]{43}"),
    _ctx("secrets.rollbar-token", r"rollbar", r"[a-f0-9]{32}"),
    # feature flags
    Detector(
        "secrets.launchdarkly-key",
        ("sdk-", "api-"),
        re.compile(rf"(?<![A-Za-z0-9_\-])((?:sdk|api)-{_UUID_RE})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    _prefixed("secrets.flagsmith-key", "ser.", r"[A-Za-z0-9]{22}"),
    _prefixed("secrets.statsig-key", "secret-", r"[A-Za-z0-9]{43}"),
    _prefixed(
        "secrets.configcat-key", "configcat-sdk-1/", r"[A-Za-z0-9_\-]{22}/[A-Za-z0-9_\-]{22}"
    ),
    # payments
    _prefixed("secrets.square-oauth-secret", "sq0csp-", r"[A-Za-z0-9_\-]{43}"),
    Detector(
        "secrets.adyen-key",
        ("AQE",),
        re.compile(
            r"(?<![A-Za-z0-9_])(AQE[A-Za-z0-9+/]{60,}={0,2}-[A-Za-z0-9+/]{40,}={0,2}-\S{8,40})"
        ),
        _not_benign,
    ),
    Detector(
        "secrets.flutterwave-key",
        ("FLWSECK",),
        re.compile(r"(?<![A-Za-z0-9_])(FLWSECK(?:_TEST)?-[a-f0-9]{32}-X)(?![A-Za-z0-9_])"),
        _test_mode("_TEST-"),
    ),
    Detector(
        "secrets.plaid-token",
        ("access-production-",),
        re.compile(rf"(?<![A-Za-z0-9_])(access-production-{_UUID_RE})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    _prefixed("secrets.mollie-key", "live_", r"[A-Za-z0-9]{30}"),
    # secret managers
    Detector("secrets.onepassword-token", ("ops_",),
             re.compile(r"(?<![A-Za-z0-9_])(ops_eyJ[A-Za-z0-9_\-+/=]{100,})"),
             _json_token("ops_", "signInAddress", "secretKey")),
    Detector(
        "secrets.onepassword-secret-key",
        ("A3-",),
        re.compile(
            r"(?<![A-Za-z0-9_])(A3-[A-Z0-9]{6}-[A-Z0-9]{6}-[A-Z0-9]{5}(?:-[A-Z0-9]{5}){3})"
            r"(?![A-Za-z0-9_])"
        ),
        _mixed,
    ),
    _prefixed("secrets.vault-token", "hvb.", r"[A-Za-z0-9_\-]{120,}"),
    # added after the first tuning pass (batch 2): more registries, CI/CD, hosting, AI, commerce
    _prefixed("secrets.databricks-token", "dapi", r"[a-f0-9]{32}(?:-\d)?"),
    Detector("secrets.sonarqube-token", ("squ_", "sqp_", "sqa_"),
             re.compile(r"(?<![A-Za-z0-9_])(sq[upa]_[a-f0-9]{40})(?![A-Za-z0-9_])"), _not_benign),
    _prefixed("secrets.prefect-key", "pnu_", r"[A-Za-z0-9]{36}"),
    _prefixed("secrets.neon-key", "napi_", r"[a-z0-9]{64}"),
    Detector("secrets.shippo-token", ("shippo_",),
             re.compile(r"(?<![A-Za-z0-9_])(shippo_(?:live|test)_[a-f0-9]{40})(?![A-Za-z0-9_])"),
             _test_mode("_test_")),
    Detector("secrets.easypost-key", ("EZAK", "EZTK"),
             re.compile(r"(?<![A-Za-z0-9_])(EZ[AT]K[A-Za-z0-9]{54})(?![A-Za-z0-9_])"),
             _test_mode("EZTK")),
    Detector("secrets.paddle-key", ("pdl_live_", "pdl_sdbx_"),
             re.compile(r"(?<![A-Za-z0-9_])(pdl_(?:live|sdbx)_apikey_[a-z0-9]{26}_[A-Za-z0-9]{22}"
                        r"_[A-Za-z0-9]{3})(?![A-Za-z0-9_])"), _test_mode("pdl_sdbx_")),
    _prefixed("secrets.mercadopago-token", "APP_USR-", r"\d{10,16}-\d{6}-[a-f0-9]{32}-\d{6,12}"),
    Detector("secrets.mandrill-key", ("md-",),
             re.compile(r"(?<![A-Za-z0-9_\-])(md-[A-Za-z0-9_\-]{22})(?![A-Za-z0-9_\-])"), _mixed),
    Detector("secrets.twitter-bearer-token", ("AAAAAAAAAAAAAAAAAAAAA",),
             re.compile(r"(AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{70,130})(?![A-Za-z0-9%])"), _bearer),
    _prefixed("secrets.intercom-token", "dG9rO", r"[A-Za-z0-9+/=_\-]{50,}"),
    _prefixed("secrets.devcycle-key", "dvc_server_", r"[A-Za-z0-9_\-]{30,}"),
    Detector("secrets.harness-token", ("pat.",),
             re.compile(r"(?<![A-Za-z0-9_.])(pat\.[A-Za-z0-9_\-]{22}\.[a-f0-9]{24}"
                        r"\.[A-Za-z0-9]{20})"
                        r"(?![A-Za-z0-9_])"), _not_benign),
    _prefixed("secrets.scalingo-token", "tk-us-", r"[A-Za-z0-9_\-]{48}"),
    _prefixed("secrets.tencent-key", "AKID", r"[A-Za-z0-9]{32}"),
    _prefixed("secrets.yandex-key", "AQVN", r"[A-Za-z0-9_\-]{35,38}"),
    _prefixed("secrets.elevenlabs-key", "sk_", r"[a-f0-9]{48}"),
    _prefixed("secrets.fireworks-key", "fw_", r"[A-Za-z0-9]{24}"),
    _prefixed("secrets.ory-token", "ory_pat_", r"[A-Za-z0-9]{32}"),
    # batch 3: cloud session and OAuth tokens, push keys, more SaaS prefixes
    Detector("secrets.aws-session-token", ("IQoJb3JpZ2lu", "FwoGZXIvYXdz"),
             re.compile(r"(?<![A-Za-z0-9+/])((?:IQoJb3JpZ2lu"
                        r"|FwoGZXIvYXdz)[A-Za-z0-9+/]{100,}={0,2})"),
             _not_benign),
    Detector("secrets.google-oauth-token", ("ya29.", "1//0"),
             re.compile(r"(?<![A-Za-z0-9_])(ya29\.[A-Za-z0-9_\-]{50,}|1//0[A-Za-z0-9_\-]{40,})"
                        r"(?![A-Za-z0-9_\-])"), _mixed),
    Detector("secrets.facebook-token", ("EAA",),
             re.compile(r"(?<![A-Za-z0-9_])(EAA[B-Z][A-Za-z0-9]{100,})(?![A-Za-z0-9_])"), _mixed),
    Detector("secrets.fcm-server-key", (":APA91b",),
             # legacy server keys are 152 characters
             re.compile(r"(?<![A-Za-z0-9_])(AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{134})"
                        r"(?![A-Za-z0-9_\-])"),
             _not_benign),
    Detector("secrets.cloudinary-url", ("cloudinary://",),
             re.compile(r"cloudinary://\d{10,16}:([A-Za-z0-9_\-]{24,32})@[a-z0-9\-]+"),
             _not_benign),
    _prefixed("secrets.huggingface-token", "api_org_", r"[A-Za-z]{34}"),
    Detector("secrets.sourcegraph-token", ("sgp_",),
             re.compile(r"(?<![A-Za-z0-9_])(sgp_(?:[a-f0-9]{16}_"
                        r"|local_)?[a-f0-9]{40})(?![A-Za-z0-9_])"),
             _not_benign),
    _prefixed("secrets.frameio-token", "fio-u-", r"[A-Za-z0-9_\-=]{64}"),
    Detector("secrets.duffel-token", ("duffel_live_", "duffel_test_"),
             re.compile(r"(?<![A-Za-z0-9_])(duffel_(?:live"
                        r"|test)_[A-Za-z0-9_\-=]{43})(?![A-Za-z0-9_\-])"),
             _test_mode("duffel_test_")),
    Detector("secrets.newrelic-key", ("NRII-", "NRIQ-"),
             re.compile(r"(?<![A-Za-z0-9_])(NRI[IQ]-[A-Za-z0-9_\-]{32})(?![A-Za-z0-9_\-])"),
             _not_benign),
    _prefixed("secrets.grafana-token", "eyJrIjoi", r"[A-Za-z0-9]{50,}={0,2}"),
    _ctx("secrets.azure-openai-key", r"azure_openai|azureopenai|aoai", r"[a-f0-9]{32}"),
    _ctx("secrets.sparkpost-key", r"sparkpost", r"[a-f0-9]{40}"),
    _ctx("secrets.bugsnag-key", r"bugsnag", r"[a-f0-9]{32}"),
    _ctx("secrets.railway-token", r"railway", _UUID_RE),
    # no prefix of their own: the vendor's name and a key/token/secret word next to the value
    _ctx("secrets.okta-token", r"okta|ssws", r"00[A-Za-z0-9_\-]{40}"),
    _ctx("secrets.cloudflare-token", r"cloudflare|cf_api", r"[A-Za-z0-9_\-]{40}|[a-f0-9]{37}"),
    _ctx("secrets.azure-devops-pat", r"azure_devops|azuredevops|azdo|ado_pat|ado_token",
         r"[a-z2-7]{52}"),
    _ctx("secrets.linode-token", r"linode", r"[a-f0-9]{64}"),
    _ctx("secrets.hetzner-token", r"hcloud|hetzner", r"[A-Za-z0-9]{64}"),
    _ctx("secrets.cohere-key", r"cohere", r"[A-Za-z0-9]{40}"),
    _ctx("secrets.mistral-key", r"mistral", r"[A-Za-z0-9]{32}"),
    _ctx("secrets.deepgram-key", r"deepgram", r"[a-f0-9]{40}"),
    _ctx("secrets.assemblyai-key", r"assemblyai|assembly_ai", r"[a-f0-9]{32}"),
    _ctx("secrets.splunk-token", r"splunk", _UUID_RE),
    _ctx("secrets.pagerduty-key", r"pagerduty|pager_duty", r"[A-Za-z0-9_+\-]{20}"),
    _ctx("secrets.opsgenie-key", r"opsgenie", _UUID_RE),
    _ctx("secrets.algolia-admin-key", r"algolia_admin|algoliaadmin|algolia_write", r"[a-f0-9]{32}"),
    _ctx("secrets.snyk-token", r"snyk", _UUID_RE),
    _ctx("secrets.codecov-token", r"codecov", _UUID_RE),
    _ctx("secrets.zendesk-token", r"zendesk", r"[A-Za-z0-9]{40}"),
    # session 6, from each vendor's documentation: Inngest signing keys (signkey-<env>-...),
    # Trigger.dev secret keys and PATs (tr_dev_/tr_stg_/tr_prod_/tr_preview_/tr_pat_; pk_ keys are
    # public), Polar access tokens (polar_pat_, polar_oat_; polar_ci_ client ids are public),
    # Tinybird static tokens (p.<base64 JSON of the user and token id>.<signature>)
    Detector("secrets.inngest-signing-key", ("signkey-",),
             re.compile(r"(?<![A-Za-z0-9_])(signkey-(?:[a-z]{2,10}-)?[A-Za-z0-9]{32,})"
                        r"(?![A-Za-z0-9_\-])"), _not_benign),
    Detector("secrets.triggerdev-key", ("tr_dev_", "tr_stg_", "tr_prod_", "tr_preview_", "tr_pat_"),
             re.compile(r"(?<![A-Za-z0-9_])(tr_(?:dev|stg|prod|preview|pat)_[A-Za-z0-9_]{20,})"
                        r"(?![A-Za-z0-9_\-])"), _not_benign),
    Detector("secrets.polar-token", ("polar_pat_", "polar_oat_"),
             re.compile(r"(?<![A-Za-z0-9_])(polar_(?:pat|oat)_[A-Za-z0-9]{32,})(?![A-Za-z0-9_\-])"),
             _not_benign),
    Detector("secrets.tinybird-token", ("p.eyJ",),
             re.compile(r"(?<![A-Za-z0-9_.])(p\.eyJ[A-Za-z0-9_\-]{30,}={0,2}\.[A-Za-z0-9_\-]{20,})"
                        r"(?![A-Za-z0-9_\-])"), _tinybird),
    # JetBrains YouTrack and Hub permanent tokens: perm:<base64 login>.<base64 name>.<30>
    Detector("secrets.youtrack-token", ("perm:", "perm-"),
             re.compile(r"(?<![A-Za-z0-9_])(perm[:\-][A-Za-z0-9+/=]{4,}\.[A-Za-z0-9+/=]{4,}\."
                        r"[A-Za-z0-9]{30})(?![A-Za-z0-9_])"), _not_benign),
    # session 6: formats v1's held-out split missed, and their near-misses
    Detector("secrets.unleash-token",
             ("*:production.", "*:development.", ":production.", ":development."),
             re.compile(rf"(?<![\w*:.-])({_UNLEASH})(?![A-Za-z0-9_])"), _not_benign),
    Detector("secrets.unleash-token", ("unleash",),
             re.compile(rf"(?<![\w*:.-])({_UNLEASH})(?![A-Za-z0-9_])"), _not_benign, fold=True),
    Detector("secrets.asana-token", ("asana",),
             re.compile(rf"(?<![\w/])({_ASANA})(?![A-Za-z0-9_])"), _not_benign, fold=True),
    Detector("secrets.bitwarden-access-token", ("bws_", "bitwarden"),
             re.compile(rf"(?<![\w.])({_BITWARDEN})"), _not_benign, fold=True),
    Detector("secrets.infisical-token", ("infisical",),
             re.compile(rf"(?<![\w.])({_INFISICAL})(?![A-Za-z0-9_])"), _not_benign, fold=True),
    Detector(
        "secrets.doppler-token",
        ("dp.",),
        re.compile(
            r"(?<![A-Za-z0-9_])(dp\.(?:st(?:\.[a-z0-9_\-]{2,35})?|sa|ct|scim"
            r"|audit)\.[A-Za-z0-9]{43})"
            r"(?![A-Za-z0-9_])"
        ),
        _not_benign,
    ),
)


# every line detector: the original table and these, the lower-case ones tried on the folded line
LINE_DETECTORS: tuple[Detector, ...] = tuple(
    replace(d, fold=d.fold or all(t.isalpha() and t.islower() for t in d.triggers))
    for d in (*formats.LINE_DETECTORS, *VENDOR_DETECTORS)
)

# Prefixes a hand-made password may start with ("secret-...", "live_..."): such a value stays with
# the
# judgement detectors. Every other documented prefix (and the explicit ones below) is exempt from
# them.
_WORDLIKE = frozenset({"secret-", "secret_", "api-", "sdk-", "live_", "A3-", "pk_", "rk_", "ser."})
_EXPLICIT = {
    "AKIA", "ASIA", "AIza", "ATATT3", "AKC", "ATBB", "LTAI", "EAAA", "SG.", "SK", "oy2", "cio",
    "dapi",
    "AKID", "AQVN", "AQE", "EZAK", "EZTK", "dG9rO", "md-", "A" * 21, "sk_live_", "sk_test_",
    "rk_live_", "rk_test_", "IQoJb3JpZ2lu", "FwoGZXIvYXdz", "ya29.", "1//0", "EAA", "eyJrIjoi",
    "sk-proj-", "sk-svcacct-", "sk-admin-", "xoxb-", "xoxp-", "xoxa-", "xoxe", "shpat_", "shpss_",
    "shpca_", "shppa_", "pat-na", "pat-eu", "eyJ", "dp.", "cmVmdGtu", "sk.eyJ",
    "FLWSECK", "FLWPUBK", "NRJS-", "p.eyJ",
}  # fmt: skip
VENDOR_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            t
            for d in LINE_DETECTORS
            if not d.fold
            for t in d.triggers
            if t[-1] in "_-.:" and len(t) >= 3 and not t.startswith(("://", "-", ":", "."))
        }
        - _WORDLIKE
        | _EXPLICIT
    )
)
# structural markers of a documented format inside a value: Terraform's .atlasv1., Azure's
# <digit>Q~, Telegram's <bot id>:AA, OpenAI's T3BlbkFJ, Airtable's pat<id>., Mailchimp's -<dc>,
# Discord's <id>.<timestamp>., GitHub's gh<kind>_ shape with an unknown kind letter, Twilio's
# account
# SID (an id), Mailgun's <32 hex>-<8>-<8> key shape
_NEAR_MISS = re.compile(
    r"\.atlasv1\.|\dQ~|^\d{8,10}:AA|T3BlbkFJ|^pat[A-Za-z0-9]{4,20}\."
    r"|^[a-z0-9]{16,32}-[a-z]{2}\d{1,2}$|^[MNO][A-Za-z0-9_\-]{17,}\.[A-Za-z0-9_\-]{6}\."
    r"|^gh[a-z]_[A-Za-z0-9]{20,}|^AC[a-f0-9]{32}$|^[a-z0-9]{16,32}-[a-z0-9]{8}-[a-z0-9]{8}$"
)


@dataclass(frozen=True, slots=True)
class Shape:
    """A documented format whose structure (not a prefix) tells it apart: a value of the ``loose``
    shape is that vendor's, reported under ``rule`` when it has the vendor's exact form
    (``strict``) and a near-miss (truncated, out of alphabet) otherwise."""

    rule: str
    loose: re.Pattern[str]
    strict: re.Pattern[str]


SHAPES: tuple[Shape, ...] = (
    Shape("secrets.unleash-token", re.compile(r"^(?:\*|[\w.-]+):[\w.-]+\.[A-Za-z0-9]{8,}$"),
          re.compile(rf"^(?:{_UNLEASH})$")),
    Shape("secrets.asana-token", re.compile(r"^[0-2]/[0-9a-f]{6,}"),
          re.compile(rf"^(?:{_ASANA})$")),
    Shape("secrets.bitwarden-access-token", re.compile(r"^0\.[0-9a-f]{8}-[0-9a-f]{4}-"),
          re.compile(rf"^{_BITWARDEN}$")),
    Shape("secrets.infisical-token", re.compile(r"^st\.[0-9a-f]{8}-[0-9a-f]{4}-"),
          re.compile(rf"^{_INFISICAL}$")),
    # license keys: 40 characters ending NRAL
    Shape("secrets.newrelic-key", re.compile(r"^[A-Za-z0-9]{16,48}NRAL$"),
          re.compile(r"^[a-f0-9]{36}NRAL$")),
)


def vendor_shape(value: str) -> str | None:
    """The vendor rule when ``value`` has one of ``SHAPES`` exactly, ``""`` when it has a shape's
    outline only (a near-miss), None when it has none."""
    for shape in SHAPES:
        if shape.loose.match(value):
            return shape.rule if shape.strict.match(value) else ""
    return None


def contextual_near_miss(key: str, value: str) -> bool:
    """``DD_API_KEY=<31 hex>``: a hex value (one stray character at most) under a name holding the
    word of a vendor whose format is hex or a UUID, in neither that format nor its length."""
    body = value.replace("-", "")
    if len(body) < 8 or sum(c not in "0123456789abcdefABCDEF" for c in body) > 1:
        return False
    return any(words.search(key) and not exact.match(value) for words, exact in _CTX_HEX)


def vendor_prefixed(value: str) -> bool:
    """True when ``value`` has a vendor's documented token prefix or marker: the vendor's own
    detector decides then, and a value that fails its format is a near-miss (truncated, out of
    alphabet)."""
    return (value.startswith(VENDOR_PREFIXES) or bool(_NEAR_MISS.search(value))
            or vendor_shape(value) is not None)
