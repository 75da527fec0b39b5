// Voice → Get: a job by id, with its status, progress and output link.
import { getOperation } from '../../helpers/byIdOperations';

export const { description, execute } = getOperation('voice');
