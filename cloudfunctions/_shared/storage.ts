// Cloud storage: a temporary URL for a stored file, or null if it is gone.
import { cloud } from './cloud'

export async function tempUrl(fileId: string): Promise<string | null> {
  if (!fileId) return null
  const { fileList } = (await cloud.getTempFileURL({ fileList: [fileId] })) as { fileList: Array<{ tempFileURL: string; status: number }> }
  return fileList[0]?.status === 0 ? fileList[0].tempFileURL : null
}
