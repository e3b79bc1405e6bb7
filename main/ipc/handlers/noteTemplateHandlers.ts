import type { Handlers } from '../handlerTypes';

/** Custom progress-note templates. */
export const noteTemplateHandlers: Handlers<'noteTemplates.list' | 'noteTemplates.create' | 'noteTemplates.update' | 'noteTemplates.remove'> = {
  'noteTemplates.list': ({ vault }) => vault.noteTemplates.list(),
  'noteTemplates.create': ({ vault }, { template }) => vault.noteTemplates.create(template),
  'noteTemplates.update': ({ vault }, { id, template }) => vault.noteTemplates.update(id, template),
  'noteTemplates.remove': ({ vault }, { id }) => {
    vault.noteTemplates.remove(id);
    return null;
  },
};
