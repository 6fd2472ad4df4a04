import { ReasonDto } from '../../http/reason.dto.js';

export class CancelDeadlineDto extends ReasonDto {}
