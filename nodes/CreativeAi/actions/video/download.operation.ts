// Video → Download: a completed job's file (MP4) as binary data.
import { downloadOperation } from '../../helpers/byIdOperations';

export const { description, execute } = downloadOperation('video');
