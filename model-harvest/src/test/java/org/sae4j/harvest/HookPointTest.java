package org.sae4j.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HookPointTest {

    private static final ModelSpec MINILM = Models.byName("all-minilm-l6-v2");

    @Test
    void parses_embed_and_resid_post_names_and_prints_them_back() {
        assertThat(HookPoint.parse("embed").block()).isEqualTo(HookPoint.EMBED);
        assertThat(HookPoint.parse("blocks.3.resid_post")).isEqualTo(HookPoint.residPost(3));
        assertThat(HookPoint.parse("blocks.11.resid_post").toString()).isEqualTo("blocks.11.resid_post");
        assertThat(HookPoint.parse("embed").toString()).isEqualTo("embed");
    }

    @Test
    void rejects_malformed_hook_names_saying_what_is_allowed() {
        for (String bad : new String[] {"blocks.3", "blocks.-1.resid_post", "block.3.resid_post", "resid", ""}) {
            assertThatThrownBy(() -> HookPoint.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'").hasMessageContaining("blocks.N.resid_post");
        }
    }

    @Test
    void rejects_a_block_the_model_does_not_have_naming_the_model_and_range() {
        assertThatThrownBy(() -> HookPoint.parse("blocks.9.resid_post").requireIn(MINILM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blocks.9.resid_post").hasMessageContaining("all-minilm-l6-v2")
                .hasMessageContaining("6 blocks").hasMessageContaining("blocks.5.resid_post");
        assertThat(HookPoint.parse("blocks.5.resid_post").requireIn(MINILM).block()).isEqualTo(5);
        assertThat(HookPoint.parse("blocks.9.resid_post").requireIn(Models.byName("bge-small-en-v15")).block())
                .isEqualTo(9);
    }

    @Test
    void unknown_model_is_rejected_listing_the_known_ones() {
        assertThatThrownBy(() -> Models.byName("gpt-2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gpt-2'").hasMessageContaining("all-minilm-l6-v2")
                .hasMessageContaining("bge-small-en-v15").hasMessageContaining("e5-small-v2");
    }

    @Test
    void registry_records_pooling_and_shape_of_each_model() {
        assertThat(Models.names()).containsExactly("all-minilm-l6-v2", "bge-small-en-v15", "e5-small-v2");
        assertThat(MINILM.pooling()).isEqualTo(Pooling.MEAN);
        assertThat(Models.byName("bge-small-en-v15").pooling()).isEqualTo(Pooling.CLS);
        assertThat(Models.byName("e5-small-v2").layers()).isEqualTo(12);
    }
}
