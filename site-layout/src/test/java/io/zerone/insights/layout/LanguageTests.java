package io.zerone.insights.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTests {

    @Test
    void languagesWrittenRightToLeftAreKnownByTheirPrimarySubtag() {
        for (String tag : new String[] {"ar", "ar-EG", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb",
                "syr", "arc", "AR"}) {
            assertThat(Language.isRightToLeft(tag)).as(tag).isTrue();
        }
    }

    @Test
    void leftToRightLanguagesAreNot() {
        for (String tag : new String[] {"en", "de", "ja", "hi", "zh-Hant", "pt-BR", "sr-Latn", "ru", "am", "ko"}) {
            assertThat(Language.isRightToLeft(tag)).as(tag).isFalse();
        }
    }

    @Test
    void aScriptSubtagDecidesOverThePrimaryLanguage() {
        assertThat(Language.isRightToLeft("az-Arab")).isTrue();
        assertThat(Language.isRightToLeft("pa-Arab-PK")).isTrue();
        assertThat(Language.isRightToLeft("zh-yue-Hebr")).isTrue();
        assertThat(Language.isRightToLeft("ff-Adlm")).isTrue();
        assertThat(Language.isRightToLeft("man-Nkoo")).isTrue();
        assertThat(Language.isRightToLeft("ku-Latn")).isFalse();
        assertThat(Language.isRightToLeft("sd-Deva")).isFalse();
        assertThat(Language.isRightToLeft("uz-Latn-UZ")).isFalse();
    }

    @Test
    void subtagsAfterASingletonAreNoScript() {
        assertThat(Language.isRightToLeft("en-x-arab")).isFalse();
        assertThat(Language.isRightToLeft("en-u-nu-arab")).isFalse();
        assertThat(Language.isRightToLeft("ar-x-latn")).isTrue();
    }

    @Test
    void theSiteEnglishTextIsMarkedOnlyInsideAnotherLanguage() {
        assertThat(Language.of("en").interfaceLang()).isNull();
        assertThat(Language.of("en-GB").interfaceLang()).isNull();
        assertThat(Language.of("de").interfaceLang()).isEqualTo("en");
        assertThat(Language.of("de").interfaceDir()).isNull();
        assertThat(Language.of("ar").interfaceLang()).isEqualTo("en");
        assertThat(Language.of("ar").interfaceDir()).isEqualTo("ltr");
    }

    @Test
    void textOfAnotherLanguageIsMarkedInsideTheSiteEnglishText() {
        assertThat(Language.of("en").langInEnglish()).isNull();
        assertThat(Language.of("en").dir()).isNull();
        assertThat(Language.of("ja").langInEnglish()).isEqualTo("ja");
        assertThat(Language.of("ja").dir()).isNull();
        assertThat(Language.of("he").langInEnglish()).isEqualTo("he");
        assertThat(Language.of("he").dir()).isEqualTo("rtl");
    }
}
