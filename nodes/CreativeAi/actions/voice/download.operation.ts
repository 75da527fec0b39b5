// Voice → Download: a completed job's file (WAV) as binary data.
import { downloadOperation } from '../../helpers/byIdOperations';

export const { description, execute } = downloadOperation('voice');
