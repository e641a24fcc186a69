"""Session 6 (issue 16): the generic assignment, by class. Each look-alike class a reviewer calls
not-a-secret (ciphertext committed on purpose, stored password hashes, key fingerprints, names that
say the value is public) beside its twin (a random value under a secret's name in the same file,
still reported), and the syntaxes besides ``name = value`` that hard-coded values are written in
(XML elements, call arguments, command-line flags, Dockerfile ENV, curl -u, typed declarations),
each with a reference to the environment that is not reported. Values are drawn at test time."""

from __future__ import annotations

import pytest

from tests.unit.checks.secrets.tokens import AN, B64, HEX, URL, Tokens, reported

_T = Tokens(61)
s, uuid = _T.s, _T.uuid

GENERIC = "secrets.generic-password"


NOT_SECRETS = {
    "vault transit ciphertext": ("config/app.yml", f"password: vault:v1:{s(B64, 60)}==\n"),
    "aws kms ciphertext blob": (".env", f"DB_PASSWORD=AQICAHh{s(B64, 180)}==\n"),
    "dotenvx encrypted value": (".env", f'API_KEY="encrypted:BD{s(B64, 120)}="\n'),
    "sops value": ("secrets.yaml", f"api_key: ENC[AES256_GCM,data:{s(B64, 40)},iv:{s(B64, 43)}="
                                   f",tag:{s(B64, 22)}==,type:str]\n"),
    "jasypt value": ("application.properties", f"spring.datasource.password=ENC({s(B64, 44)})\n"),
    "spring cloud config cipher": ("config/app.yml", f"  password: '{{cipher}}{s(HEX, 96)}'\n"),
    "ejson value": ("secrets.ejson", f'  "api_token": "EJ[1:{s(B64, 44)}:{s(B64, 32)}:'
                                     f'{s(B64, 40)}]",\n'),
    "sealed secret": ("k8s/sealed.yaml", f"  encryptedData:\n    api_token: AgB{s(B64, 340)}==\n"),
    "django password hash": ("settings.py", f'ADMIN_PASSWORD = "pbkdf2_sha256$600000${s(AN, 22)}$'
                                            f'{s(B64, 43)}="\n'),
    "ldap password hash": ("users.yml", f"  password: '{{SSHA}}{s(B64, 32)}'\n"),
    "spring bcrypt hash": ("config/app.yml", f"  password: '{{bcrypt}}$2a$10${s(AN, 53)}'\n"),
    "key fingerprint": ("config/app.yml", f"  token_fingerprint: SHA256:{s(B64, 43)}\n"),
    "a public key's name": (".env", f"VAPID_PUBLIC_KEY=B{s(URL, 86)}\n"),
    "a publishable key's name": ("src/pay.ts", f'const publishableKey = "{s(AN, 40)}";\n'),
    "a browser-bundled name": (".env", f"NEXT_PUBLIC_SEARCH_API_KEY={s(HEX, 32)}\n"),
    "a vite-bundled name": (".env", f"VITE_MAPS_API_KEY={s(AN, 39)}\n"),
    "a uuid naming a namespace": ("src/ids.ts", f'const secretNamespace = "{uuid()}";\n'),
    "a tutorial's example password": (".env", "ADMIN_PASSWORD=Admin@123\n"),
    "a default config's example password": ("config/app.yml", "  password: Welcome1!\n"),
}
# the twin of each: a random value under a secret's name, in the same file type
SECRETS = {
    "vault transit ciphertext": ("config/app.yml", f"password: {s(AN, 24)}\n"),
    "aws kms ciphertext blob": (".env", f"DB_PASSWORD={s(B64, 40)}\n"),
    "dotenvx encrypted value": (".env", f'API_KEY="{s(AN, 40)}"\n'),
    "sops value": ("secrets.yaml", f"api_key: {s(AN, 40)}\n"),
    "jasypt value": ("application.properties", f"spring.datasource.password={s(AN, 20)}\n"),
    "spring cloud config cipher": ("config/app.yml", f"  password: '{s(AN, 24)}'\n"),
    "ejson value": ("secrets.ejson", f'  "api_token": "{s(AN, 40)}",\n'),
    "sealed secret": ("k8s/secret.yaml", f"  stringData:\n    api_token: {s(AN, 40)}\n"),
    "django password hash": ("settings.py", f'ADMIN_PASSWORD = "{s(AN, 24)}"\n'),
    "ldap password hash": ("users.yml", f"  password: '{s(AN, 20)}'\n"),
    "spring bcrypt hash": ("config/app.yml", f"  password: '{s(AN, 20)}'\n"),
    "key fingerprint": ("config/app.yml", f"  token: {s(B64, 43)}\n"),
    "a public key's name": (".env", f"WEBPUSH_PRIVATE_KEY={s(URL, 43)}\n"),
    "a publishable key's name": ("src/pay.ts", f'const secretKey = "{s(AN, 36)}";\n'),
    "a browser-bundled name": (".env", f"SEARCH_ADMIN_API_KEY={s(HEX, 32)}\n"),
    "a vite-bundled name": (".env", f"MAPS_SERVER_API_KEY={s(AN, 39)}\n"),
    "a uuid naming a namespace": ("src/ids.ts", f'const apiToken = "{uuid()}";\n'),
    "a tutorial's example password": (".env", f"ADMIN_PASSWORD=Adm{s(AN, 8)}@123\n"),
    "a default config's example password": ("config/app.yml", f"  password: {s(AN, 9)}1!\n"),
}


def test_every_class_has_its_twin() -> None:
    assert set(NOT_SECRETS) == set(SECRETS)


@pytest.mark.parametrize("name", sorted(NOT_SECRETS))
def test_look_alike_is_not_reported(name: str) -> None:
    path, text = NOT_SECRETS[name]
    assert reported(path, text) == set(), text


@pytest.mark.parametrize("name", sorted(SECRETS))
def test_twin_is_reported(name: str) -> None:
    path, text = SECRETS[name]
    assert GENERIC in reported(path, text), text


# syntax -> (a hard-coded value, reported; a reference to the environment or a store, not reported)
FORMS = {
    "xml element": (("config/settings.xml", f"      <password>{s(AN, 24)}</password>\n"),
                    ("config/settings.xml", "      <password>${env.MAVEN_PASSWORD}</password>\n")),
    "call argument pair": (("src/App.java", f'props.put("password", "{s(AN, 20)}");\n'),
                           ("src/App.java", 'props.put("password", System.getenv("DB_PW"));\n')),
    "php define": (("src/app.php", f'define("API_SECRET", "{s(AN, 32)}");\n'),
                   ("src/app.php", "define('API_SECRET', getenv('API_SECRET'));\n")),
    "cli flag with a space": (("deploy.sh", f"acme login --api-key {s(AN, 32)}\n"),
                              ("deploy.sh", 'acme login --api-key "$ACME_API_KEY"\n')),
    "dockerfile env with a space": (("Dockerfile", f"ENV API_TOKEN {s(AN, 32)}\n"),
                                    ("Dockerfile", "ENV API_TOKEN_FILE /run/secrets/token\n")),
    "curl -u user:password": (("ci/sync.sh", f"curl -u admin:{s(AN, 20)} https://ci.acme.io/\n"),
                              ("ci/sync.sh", 'curl -u "admin:$CI_PASSWORD" https://ci.acme.io/\n')),
    "typescript typed const": (("src/config.ts", f'export const API_KEY: string = "{s(AN, 32)}";\n'),
                               ("src/config.ts", "export const API_KEY: string = env.API_KEY;\n")),
    "kotlin typed val": (("src/Config.kt", f'    val apiSecret: String = "{s(AN, 32)}"\n'),
                         ("src/Config.kt", '    val apiSecret: String = System.getenv("S")\n')),
    "python annotated": (("app/config.py", f'    api_token: str = "{s(AN, 32)}"\n'),
                         ("app/config.py", '    api_token: str = ""\n')),
    "subscripted name": (("src/app.js", f'headers["X-API-KEY"] = "{s(AN, 32)}";\n'),
                         ("src/app.js", 'headers["X-API-KEY"] = process.env.API_KEY;\n')),
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_other_syntaxes_are_read(name: str) -> None:
    (path, text), (ref_path, ref_text) = FORMS[name]
    assert GENERIC in reported(path, text), text
    assert reported(ref_path, ref_text) == set(), ref_text
