import { describe, expect, it } from 'vitest';
import { lessonVocabulary, protocolNames } from '../../engine/protocols/registry';
import { protocolUi } from '../protocols/registry';

/**
 * A protocol's lesson words have two halves: the engine's schemas (engine/protocols/NAME/lesson.ts,
 * what a lesson file may say) and the page's meanings (`ProtocolUi.lessons`, what it does). They
 * must name the same conditions, actions and roles: a word the engine accepts but the page cannot
 * evaluate would leave a learner waiting forever.
 */
describe('every protocol\'s lesson words have both halves', () => {
  for (const name of protocolNames()) {
    it(name, () => {
      const engine = lessonVocabulary(name);
      const page = protocolUi(name).lessons;
      if (!engine) {
        expect(page, `${name} evaluates lesson words no lesson can spell`).toBeUndefined();
        return;
      }
      expect(page, `${name} has lesson words but no ProtocolUi.lessons`).toBeDefined();
      expect(Object.keys(page!.conditions).sort()).toEqual(Object.keys(engine.conditions).sort());
      expect(Object.keys(page!.actions).sort()).toEqual(Object.keys(engine.actions).sort());
      expect(Object.keys(page!.roles).sort()).toEqual([...engine.roles].sort());
    });
  }
});
