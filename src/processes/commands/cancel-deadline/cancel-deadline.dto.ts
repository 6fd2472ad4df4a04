import { ReasonDto } from '../../dto/reason.dto.js';

export class CancelDeadlineDto extends ReasonDto {}
