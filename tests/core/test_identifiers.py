import pytest

from zhijian.core.identifiers import (
    IdentifierError,
    make_uscc,
    organisation_code_check,
    validate_gtin,
    validate_licence_number,
    validate_organisation_code,
    validate_registration_number,
    validate_standard_number,
    validate_uscc,
)

REAL_USCC = ["91110000600037341L", "9144030071526726XG", "91620105MA73NBBLXE"]


@pytest.mark.parametrize("code", REAL_USCC)
def test_real_uscc_accepted(code):
    assert validate_uscc(code) == code


def test_uscc_normalises_full_width_and_case():
    assert validate_uscc("９１１１００００６０００３７３４１ｌ") == "91110000600037341L"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91110000600037341", "18"),
        ("91110000600037341M", "校验码"),
        ("9111000060003734IL", "非法字符"),
        ("Z1110000600037341L", "非法字符"),
    ],
)
def test_bad_uscc_names_reason(code, reason):
    with pytest.raises(IdentifierError) as exc:
        validate_uscc(code)
    assert reason in exc.value.zh
    assert exc.value.en


def test_uscc_with_wrong_embedded_organisation_code_is_rejected():
    body = "91610100" + "12345678" + "0"  # wrong org check digit
    from zhijian.core.identifiers import uscc_check

    code = body + uscc_check(body)
    with pytest.raises(IdentifierError) as exc:
        validate_uscc(code)
    assert "组织机构代码" in exc.value.zh


def test_uscc_letter_authority_accepted_with_own_check():
    code = make_uscc("610100", "MA6TXXXX".replace("X", "1"), authority="N", kind="1")
    assert validate_uscc(code) == code


def test_uscc_unknown_region_rejected_when_asked():
    with pytest.raises(IdentifierError) as exc:
        validate_uscc("91110000600037341L", known_region=lambda code: code.startswith("61"))
    assert "110000" in exc.value.zh


@pytest.mark.parametrize("code", ["600037341", "71526726X", "MA73NBBLX"])
def test_organisation_codes(code):
    assert validate_organisation_code(code) == code
    assert organisation_code_check(code[:8]) == code[8]


def test_registration_number():
    assert validate_registration_number("321000400012591") == "321000400012591"
    with pytest.raises(IdentifierError):
        validate_registration_number("321000400012592")


def test_gtin():
    assert validate_gtin("6901234567892") == "6901234567892"
    with pytest.raises(IdentifierError) as exc:
        validate_gtin("6901234567893")
    assert "校验位" in exc.value.zh


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("XK16-204-00397", "XK16-204-00397"),
        ("粤XK16-204-00397", "粤XK16-204-00397"),
        ("(陕)XK16-204-00397", "陕XK16-204-00397"),
        ("（陕）ＸＫ１６－２０４－００３９７", "陕XK16-204-00397"),
        ("陕XK1620400397", "陕XK16-204-00397"),
    ],
)
def test_licence_numbers(raw, normal):
    assert validate_licence_number(raw) == normal


@pytest.mark.parametrize("raw", ["XK16-204-0039", "QS15-10301-00001", "美XK16-204-00397", ""])
def test_bad_licence_numbers(raw):
    with pytest.raises(IdentifierError):
        validate_licence_number(raw)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("GB 4706.1-2005", "GB 4706.1-2005"), ("GB/T 28004—2011", "GB/T 28004-2011"),
     ("FZ/T 62011.1-2016", "FZ/T 62011.1-2016"), ("DB61/T 1234-2020", "DB61/T 1234-2020"), ("GB4706.8-2008", "GB 4706.8-2008")],
)
def test_standard_numbers(raw, normal):
    assert validate_standard_number(raw) == normal


def test_bad_standard_number():
    with pytest.raises(IdentifierError):
        validate_standard_number("4706.1-2005")
